namespace GitOpsAgent.Controller;

/// <summary>Per-key exponential backoff with jitter: base * factor^(failures-1), capped, ±20 % so retries spread out.</summary>
public sealed class Backoff
{
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly Func<double> _random;

    public Backoff(TimeSpan initial, double factor, TimeSpan max, Func<double>? random = null)
    {
        Initial = initial;
        Factor = factor;
        Max = max;
        _random = random ?? Random.Shared.NextDouble;
    }

    public TimeSpan Initial { get; }

    public double Factor { get; }

    public TimeSpan Max { get; }

    /// <summary>Counts a failure of <paramref name="key"/> and returns how long to wait before the next try.</summary>
    public TimeSpan Next(string key)
    {
        int failures;
        lock (_gate)
        {
            failures = _failures.TryGetValue(key, out var f) ? f + 1 : 1;
            _failures[key] = failures;
        }

        return Delay(failures);
    }

    public int Failures(string key)
    {
        lock (_gate)
        {
            return _failures.TryGetValue(key, out var f) ? f : 0;
        }
    }

    public void Reset(string key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }

    /// <summary>The delay after <paramref name="failures"/> consecutive failures, with jitter.</summary>
    public TimeSpan Delay(int failures)
    {
        var exponent = Math.Min(failures - 1, 30);
        var seconds = Math.Min(Initial.TotalSeconds * Math.Pow(Factor, exponent), Max.TotalSeconds);
        var jitter = 0.8 + (0.4 * _random());
        return TimeSpan.FromSeconds(Math.Min(seconds * jitter, Max.TotalSeconds));
    }
}
