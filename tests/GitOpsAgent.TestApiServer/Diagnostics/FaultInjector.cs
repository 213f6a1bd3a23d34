namespace GitOpsAgent.TestApiServer.Diagnostics;

/// <summary>The faults waiting to fire; each is removed once it has fired its number of times.</summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<(Fault Fault, int Left)> _faults = [];

    public void Add(Fault fault)
    {
        lock (_gate)
        {
            _faults.Add((fault, Math.Max(1, fault.Times)));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _faults.Count;
            }
        }
    }

    internal Fault? Take(string verb, string resource, string path, bool dryRun)
    {
        lock (_gate)
        {
            var index = _faults.FindIndex(f => f.Fault.Matches(verb, resource, path, dryRun));
            if (index < 0)
            {
                return null;
            }

            var (fault, left) = _faults[index];
            if (left <= 1)
            {
                _faults.RemoveAt(index);
            }
            else
            {
                _faults[index] = (fault, left - 1);
            }

            return fault;
        }
    }
}
