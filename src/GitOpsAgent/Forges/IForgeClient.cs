namespace GitOpsAgent.Forges;

/// <summary>A forge's API, as far as the controller uses it. Repository paths are the forge's ("owner/repo", "group/sub/project").</summary>
public interface IForgeClient
{
    ForgeKind Kind { get; }

    /// <summary>Sets (creates or replaces, per context) the status of <paramref name="sha"/>.</summary>
    /// <exception cref="Outbound.OutboundRequestException">The forge refused it or did not answer.</exception>
    Task SetCommitStatusAsync(string repositoryPath, string sha, CommitStatus status, CancellationToken ct);

    /// <summary>
    /// Writes <paramref name="body"/> as the one comment on pull request <paramref name="number"/> that holds
    /// <paramref name="marker"/> and was written by this token's user: updated when it exists, created otherwise. A
    /// comment someone else wrote with the marker is left alone. Returns the comment's web address when the forge says it.
    /// </summary>
    /// <exception cref="NotSupportedException">The forge has no pull-request comments here (Bitbucket).</exception>
    Task<string?> UpsertPullRequestCommentAsync(string repositoryPath, long number, string marker, string body, CancellationToken ct);
}
