namespace GitOpsAgent.Git;

/// <summary>Resolves revisions against remotes and materialises commits as directories, sharing work between callers.</summary>
public interface IGitRepositoryCache
{
    /// <summary>Turns a branch, tag, HEAD, full or short SHA into a full commit SHA.</summary>
    /// <exception cref="GitSourceException">With a <see cref="GitFailureReason"/> the caller turns into a condition.</exception>
    Task<ResolvedRevision> ResolveAsync(string repoUrl, string revision, GitCredentials? credentials, CancellationToken ct);

    /// <summary>Returns an immutable directory with the commit's tree, fetching it first when needed.</summary>
    /// <exception cref="GitSourceException">With a <see cref="GitFailureReason"/> the caller turns into a condition.</exception>
    Task<GitCheckout> CheckoutAsync(string repoUrl, string commitSha, GitCredentials? credentials, CancellationToken ct);

    /// <summary>The subject and author of a checked-out commit (for the history); null when they cannot be read.</summary>
    Task<Core.Status.CommitInfo?> ReadCommitAsync(GitCheckout checkout, CancellationToken ct);

    /// <summary>
    /// The paths that differ between two fetched commits of one repository (`git diff --name-only`, a rename as its
    /// two paths), read from the local mirror; null when git cannot tell (the caller must then assume anything changed).
    /// </summary>
    Task<IReadOnlyList<string>?> ChangedPathsAsync(string repoUrl, string fromSha, string toSha, CancellationToken ct);

    /// <summary>Forgets the cached ls-remote answer (a webhook said the remote changed), so the next resolve asks the remote.</summary>
    void Invalidate(string repoUrl);
}
