namespace GitOpsAgent.Git;

/// <summary>A push a git provider told us about. RepositoryUrls holds every URL form in the payload; compare with <see cref="RepoUrl.Normalize"/>.</summary>
public sealed record PushEvent(string Provider, IReadOnlyList<string> RepositoryUrls, string? Ref, string? After);
