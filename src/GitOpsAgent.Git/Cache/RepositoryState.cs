namespace GitOpsAgent.Git;

/// <summary>
/// Per-repository coordination: the shared ls-remote answers (one per credential identity, so one tenant's access is
/// never lent to another), the identities the remote has accepted, and the lock that serialises fetches and checkouts.
/// </summary>
internal sealed class RepositoryState(string normalizedKey, string remoteUrl, string mirrorDirectory, string checkoutParent) : IDisposable
{
    private readonly Dictionary<string, (Task<RemoteRefs> Task, DateTimeOffset StartedAt)> _lsRemotes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _accepted = new(StringComparer.Ordinal);
    private readonly Queue<string> _fetchedRefs = new();

    public string NormalizedKey { get; } = normalizedKey;

    /// <summary>The URL without userinfo: the only form written to disk or logged.</summary>
    public string RemoteUrl { get; } = remoteUrl;

    public string MirrorDirectory { get; } = mirrorDirectory;

    public string CheckoutParent { get; } = checkoutParent;

    public Lock Gate { get; } = new();

    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    /// <summary>Records a ref a fetch just wrote (under <see cref="WriteLock"/>) and returns the ones beyond the newest <paramref name="keep"/>.</summary>
    public IReadOnlyList<string> RecordFetchedRef(string reference, int keep)
    {
        if (!_fetchedRefs.Contains(reference))
        {
            _fetchedRefs.Enqueue(reference);
        }

        var stale = new List<string>();
        while (_fetchedRefs.Count > keep)
        {
            stale.Add(_fetchedRefs.Dequeue());
        }

        return stale;
    }

    /// <summary>The in-flight or still-fresh ls-remote for this identity, or a new one from <paramref name="start"/>.</summary>
    public Task<RemoteRefs> SharedLsRemote(string identity, DateTimeOffset now, TimeSpan ttl, Func<Task<RemoteRefs>> start)
    {
        lock (Gate)
        {
            if (_lsRemotes.TryGetValue(identity, out var current)
                && (!current.Task.IsCompleted || (current.Task.IsCompletedSuccessfully && now - current.StartedAt < ttl)))
            {
                return current.Task;
            }

            var task = start();
            _lsRemotes[identity] = (task, now);
            return task;
        }
    }

    /// <summary>Forgets every cached ls-remote answer (finished or not); the next caller asks the remote.</summary>
    public void ForgetLsRemotes()
    {
        lock (Gate)
            _lsRemotes.Clear();
    }

    public void MarkAccepted(string identity)
    {
        lock (Gate)
            _accepted.Add(identity);
    }

    public void MarkRejected(string identity)
    {
        lock (Gate)
            _accepted.Remove(identity);
    }

    public bool IsAccepted(string identity)
    {
        lock (Gate)
            return _accepted.Contains(identity);
    }

    public void Dispose() => WriteLock.Dispose();
}
