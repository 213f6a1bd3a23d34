namespace GitOpsAgent.Git;

/// <summary>Per-repository coordination: the shared ls-remote answer and the lock that serialises fetches and checkouts.</summary>
internal sealed class RepositoryState(string normalizedKey, string remoteUrl, string mirrorDirectory, string checkoutParent) : IDisposable
{
    public string NormalizedKey { get; } = normalizedKey;

    /// <summary>The URL without userinfo: the only form written to disk or logged.</summary>
    public string RemoteUrl { get; } = remoteUrl;

    public string MirrorDirectory { get; } = mirrorDirectory;

    public string CheckoutParent { get; } = checkoutParent;

    public Lock Gate { get; } = new();

    /// <summary>The latest ls-remote, finished or in flight; every caller inside the TTL awaits this same task.</summary>
    public Task<RemoteRefs>? LsRemote { get; set; }

    public DateTimeOffset LsRemoteStartedAt { get; set; }

    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    public void Dispose() => WriteLock.Dispose();
}
