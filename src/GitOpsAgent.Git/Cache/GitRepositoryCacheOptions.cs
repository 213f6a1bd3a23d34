namespace GitOpsAgent.Git;

/// <summary>Where and how the repository cache works.</summary>
public sealed record GitRepositoryCacheOptions
{
    /// <summary>Directory holding mirrors/, checkouts/ and private scratch space; created when missing.</summary>
    public required string CacheRoot { get; init; }

    public string GitExecutable { get; init; } = "git";

    /// <summary>Every git process is killed after this long.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one ls-remote answer is shared, so Applications polling in the same cycle cost one request.</summary>
    public TimeSpan LsRemoteTtl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Checkouts kept on disk; the least recently used beyond this are deleted once idle.</summary>
    public int MaxCheckouts { get; init; } = 50;

    /// <summary>A checkout used within this period is never deleted, so a reader in progress keeps its files.</summary>
    public TimeSpan CheckoutMinimumIdle { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Local repositories (file:// URLs and paths) are refused unless they lie under one of these directories
    /// (--allow-local-repositories); never inside <see cref="CacheRoot"/>, which holds every Application's mirrors.
    /// </summary>
    public IReadOnlyList<string> AllowedLocalRepositoryRoots { get; init; } = [];

    /// <summary>How long connecting to a server may take (ssh ConnectTimeout; a TCP probe for http(s) and git://, which git cannot time out).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A connected transfer that moves nothing for this long is cut (http.lowSpeedTime, ssh ServerAlive); git:// has only <see cref="CommandTimeout"/>.</summary>
    public TimeSpan LowSpeedTime { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>git requests (ls-remote, fetch) in flight to one server at a time; a hung server holds at most this many callers.</summary>
    public int MaxConcurrentRequestsPerServer { get; init; } = 4;

    /// <summary>How long a request waits for one of its server's slots before failing as ServerBusy (retryable).</summary>
    public TimeSpan ServerQueueTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
