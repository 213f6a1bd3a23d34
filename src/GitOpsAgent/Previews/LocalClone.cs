using GitOpsAgent.Git;

namespace GitOpsAgent.Previews;

/// <summary>
/// A local Git work tree the CLI previews (a CI checkout): its origin URL names the repository, and revisions are
/// resolved with git itself, so anything rev-parse knows works (origin/main, HEAD~1, a short SHA).
/// </summary>
public sealed class LocalClone(string directory, IGitCommandRunner? runner = null)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly IGitCommandRunner _runner = runner ?? new GitProcessRunner("git", TimeProvider.System);

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>remote.origin.url, or null when the clone has no origin.</summary>
    public async Task<string?> OriginUrlAsync(CancellationToken ct)
    {
        var result = await RunAsync(["config", "--get", "remote.origin.url"], ct);
        return result.Succeeded && result.StandardOutput.Trim() is { Length: > 0 } url ? url : null;
    }

    /// <summary>The full SHA of the commit <paramref name="revision"/> names.</summary>
    /// <exception cref="GitSourceException">With <see cref="GitFailureReason.RevisionNotFound"/>.</exception>
    public async Task<string> ResolveAsync(string revision, CancellationToken ct)
    {
        var result = await RunAsync(["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], ct);
        var sha = result.StandardOutput.Trim();
        return result.Succeeded && sha.Length == 40
            ? sha
            : throw new GitSourceException(GitFailureReason.RevisionNotFound, $"Revision '{revision}' not found in {Directory}: no branch, tag or commit has that name.");
    }

    private Task<GitCommandResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken ct) =>
        _runner.RunAsync(new GitCommand(["-C", Directory, .. arguments], new Dictionary<string, string>(), Directory, Timeout), ct);
}
