namespace GitOpsAgent.Controller;

/// <summary>
/// Which Applications depend on which (spec.dependsOn), both ways, and how each was last seen (its Ready condition,
/// generation and revisions): so a dependency that turns Ready (or changes why it is not) enqueues its dependents at
/// once, though our own status writes trigger nothing else.
/// </summary>
internal sealed class DependentsIndex
{
    private readonly Lock _gate = new();
    private readonly Dictionary<AppKey, IReadOnlyList<AppKey>> _dependsOn = [];
    private readonly Dictionary<AppKey, HashSet<AppKey>> _dependents = [];
    private readonly Dictionary<AppKey, string> _readiness = [];

    /// <summary>Records what <paramref name="key"/> depends on and its readiness; returns its dependents when the readiness changed.</summary>
    public IReadOnlyList<AppKey> Update(AppKey key, IReadOnlyList<AppKey> dependsOn, string readiness)
    {
        lock (_gate)
        {
            Unlink(key);
            _dependsOn[key] = dependsOn;
            foreach (var dependency in dependsOn)
            {
                if (!_dependents.TryGetValue(dependency, out var set))
                {
                    set = [];
                    _dependents[dependency] = set;
                }

                set.Add(key);
            }

            var changed = _readiness.TryGetValue(key, out var was) && was != readiness;
            _readiness[key] = readiness;
            return changed ? DependentsOf(key) : [];
        }
    }

    public void Remove(AppKey key)
    {
        lock (_gate)
        {
            Unlink(key);
            _dependsOn.Remove(key);
            _readiness.Remove(key);
        }
    }

    public IReadOnlyList<AppKey> DependentsOf(AppKey key)
    {
        lock (_gate)
        {
            return _dependents.TryGetValue(key, out var set) ? [.. set.OrderBy(k => k.ToString(), StringComparer.Ordinal)] : [];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _dependsOn.Clear();
            _dependents.Clear();
            _readiness.Clear();
        }
    }

    private void Unlink(AppKey key)
    {
        foreach (var dependency in _dependsOn.GetValueOrDefault(key) ?? [])
        {
            if (_dependents.TryGetValue(dependency, out var set) && set.Remove(key) && set.Count == 0)
            {
                _dependents.Remove(dependency);
            }
        }
    }
}
