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
}
