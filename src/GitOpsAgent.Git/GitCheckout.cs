namespace GitOpsAgent.Git;

/// <summary>A directory holding exactly one commit's tree. Read it, never write to it: other callers share it.</summary>
public sealed record GitCheckout(string RepoUrl, string CommitSha, string Directory);
