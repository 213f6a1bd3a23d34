namespace GitOpsAgent.Git;

/// <summary>A revision (branch, tag, HEAD or SHA) pinned to the full 40-hex commit it named when asked.</summary>
public sealed record ResolvedRevision(string RepoUrl, string Revision, string CommitSha);
