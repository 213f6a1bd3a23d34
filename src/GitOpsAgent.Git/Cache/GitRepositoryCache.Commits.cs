using System.Collections.Concurrent;
using GitOpsAgent.Core.Status;

namespace GitOpsAgent.Git;

public sealed partial class GitRepositoryCache
{
    /// <summary>Enough for every Application of a large monorepo between two commits; past it the memos start over.</summary>
    private const int CommitFactsLimit = 4096;

    // A commit never changes: what git said about it once is what it will say again. One monorepo commit is read by
    // every Application on the repository (1,000 `git log` and `git diff` processes per push without these memos).
    private readonly ConcurrentDictionary<(string Repo, string Sha), CommitInfo> _commitInfos = new();
    private readonly ConcurrentDictionary<(string Repo, string From, string To), IReadOnlyList<string>> _changedPaths = new();

    /// <summary>Subject and author of a checked-out commit, from the local mirror (no network). Null when git cannot tell.</summary>
    public async Task<CommitInfo?> ReadCommitAsync(GitCheckout checkout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(checkout);
        var key = (RepoUrl.Normalize(checkout.RepoUrl), checkout.CommitSha);
        if (_commitInfos.TryGetValue(key, out var known))
        {
            return known;
        }

        var state = State(checkout.RepoUrl);
        var result = await RunLocalAsync(state, ["log", "-1", "--format=%s%x00%an", checkout.CommitSha, "--"], null, ct);
        if (!result.Succeeded)
        {
            return null;
        }

        var parts = result.StandardOutput.TrimEnd('\n').Split('\0', 2);
        return parts.Length == 2 ? Remember(_commitInfos, key, new CommitInfo(parts[0], parts[1])) : null;
    }

    public async Task<IReadOnlyList<string>?> ChangedPathsAsync(string repoUrl, string fromSha, string toSha, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repoUrl);
        if (!CommitSha.IsFull(fromSha ?? "") || !CommitSha.IsFull(toSha ?? ""))
        {
            return null;
        }

        var key = (RepoUrl.Normalize(repoUrl), fromSha!.ToLowerInvariant(), toSha!.ToLowerInvariant());
        if (_changedPaths.TryGetValue(key, out var known))
        {
            return known;
        }

        var state = State(repoUrl);
        var result = await RunLocalAsync(state, ["diff", "--name-only", "--no-renames", "-z", fromSha, toSha, "--"], null, ct);
        return result.Succeeded ? Remember(_changedPaths, key, result.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries)) : null;
    }

    private static TValue Remember<TKey, TValue>(ConcurrentDictionary<TKey, TValue> memo, TKey key, TValue value)
        where TKey : notnull
    {
        if (memo.Count >= CommitFactsLimit)
        {
            memo.Clear();
        }

        memo[key] = value;
        return value;
    }
}
