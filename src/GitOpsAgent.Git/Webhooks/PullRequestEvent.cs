namespace GitOpsAgent.Git;

/// <summary>
/// A pull (merge) request whose head changed: opened, reopened or pushed to. <see cref="RepositoryUrls"/> are the
/// target repository's URL forms (compare with <see cref="RepoUrl.Normalize"/>); <see cref="RepositoryPath"/> is how
/// the forge's API names it ("owner/repo", GitLab's "group/sub/project"); <see cref="Number"/> is the PR number
/// (GitLab's iid). The head commit is fetched from the target repository, where the forge keeps every PR's head.
/// </summary>
public sealed record PullRequestEvent(
    string Provider,
    IReadOnlyList<string> RepositoryUrls,
    string RepositoryPath,
    long Number,
    string HeadSha,
    string BaseRef,
    string? BaseSha,
    string? WebUrl);
