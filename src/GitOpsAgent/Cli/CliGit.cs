using GitOpsAgent.Core.Status;
using GitOpsAgent.Git;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOpsAgent.Cli;

/// <summary>
/// Git for one CLI invocation: the controller's repository cache in a private temporary directory, deleted when done
/// (two invocations never share, or race on, a cache). A local repository named by the user (on the command line or
/// in an Application they gave) is their own disk, not an Application's choice: just that one is allowed.
/// </summary>
internal sealed class CliGit : IDisposable
{
    private readonly CliScratchDirectory _scratch = new();
    private readonly GitRepositoryCache _cache;

    public CliGit(string repoUrl)
    {
        var local = RepositoryUrlPolicy.LocalPath(repoUrl);
        _cache = new GitRepositoryCache(
            new GitRepositoryCacheOptions { CacheRoot = Path.Combine(_scratch.Path, "cache"), AllowedLocalRepositoryRoots = local is null ? [] : [Path.GetFullPath(local)] },
            NullLogger<GitRepositoryCache>.Instance);
    }

    /// <summary>The commit <paramref name="revision"/> names (HEAD when empty), checked out, with its subject and author.</summary>
    public async Task<(GitCheckout Checkout, CommitInfo? Commit)> CheckoutAsync(string repoUrl, string? revision, GitCredentials? credentials, CancellationToken ct)
    {
        var resolved = await _cache.ResolveAsync(repoUrl, string.IsNullOrEmpty(revision) ? "HEAD" : revision, credentials, ct);
        var checkout = await _cache.CheckoutAsync(repoUrl, resolved.CommitSha, credentials, ct);
        return (checkout, await _cache.ReadCommitAsync(checkout, ct));
    }

    public void Dispose()
    {
        _cache.Dispose();
        _scratch.Dispose();
    }
}
