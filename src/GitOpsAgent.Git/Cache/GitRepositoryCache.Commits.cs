using GitOpsAgent.Core.Status;

namespace GitOpsAgent.Git;

public sealed partial class GitRepositoryCache
{
    /// <summary>Subject and author of a checked-out commit, from the local mirror (no network). Null when git cannot tell.</summary>
    public async Task<CommitInfo?> ReadCommitAsync(GitCheckout checkout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(checkout);
        var state = State(checkout.RepoUrl);
        var result = await RunLocalAsync(state, ["log", "-1", "--format=%s%x00%an", checkout.CommitSha, "--"], null, ct);
        if (!result.Succeeded)
        {
            return null;
        }

        var parts = result.StandardOutput.TrimEnd('\n').Split('\0', 2);
        return parts.Length == 2 ? new CommitInfo(parts[0], parts[1]) : null;
    }

    public async Task<IReadOnlyList<string>?> ChangedPathsAsync(string repoUrl, string fromSha, string toSha, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repoUrl);
        if (!CommitSha.IsFull(fromSha ?? "") || !CommitSha.IsFull(toSha ?? ""))
        {
            return null;
        }

        var state = State(repoUrl);
        var result = await RunLocalAsync(state, ["diff", "--name-only", "--no-renames", "-z", fromSha!, toSha!, "--"], null, ct);
        return result.Succeeded ? result.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries) : null;
    }
}
