namespace GitOpsAgent.Git;

/// <summary>Remembers when each checkout directory was last handed out and picks the ones to delete (LRU, never recently used ones).</summary>
internal sealed class CheckoutStore(int maxCheckouts, TimeSpan minimumIdle, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _lastUsed = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_gate)
                return _lastUsed.Count;
        }
    }

    public void Touch(string directory)
    {
        lock (_gate)
            _lastUsed[directory] = timeProvider.GetUtcNow();
    }

    /// <summary>Registers a checkout found on disk at start-up with the time it was last written.</summary>
    public void Adopt(string directory, DateTimeOffset lastUsed)
    {
        lock (_gate)
            _lastUsed.TryAdd(directory, lastUsed);
    }

    /// <summary>Removes and returns the least recently used checkouts beyond the limit that have been idle long enough.</summary>
    public IReadOnlyList<string> TakeEvictable()
    {
        lock (_gate)
        {
            var excess = _lastUsed.Count - maxCheckouts;
            if (excess <= 0)
                return [];
            var idleBefore = timeProvider.GetUtcNow() - minimumIdle;
            var victims = _lastUsed
                .Where(entry => entry.Value <= idleBefore)
                .OrderBy(entry => entry.Value)
                .Take(excess)
                .Select(entry => entry.Key)
                .ToList();
            foreach (var victim in victims)
                _lastUsed.Remove(victim);
            return victims;
        }
    }
}
