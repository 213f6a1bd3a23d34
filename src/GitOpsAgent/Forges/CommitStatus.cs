namespace GitOpsAgent.Forges;

/// <summary>The state of a commit status, mapped to each forge's words (GitHub failure, GitLab failed, Bitbucket FAILED, ...).</summary>
public enum CommitState
{
    Pending,
    Success,
    Failure,
}

/// <summary>
/// One commit status: <see cref="Context"/> tells ours apart from other systems' (one per Application, or the
/// preview's); <see cref="Description"/> is cut to the forges' limit (GitHub allows 140 characters).
/// </summary>
public sealed record CommitStatus(CommitState State, string Context, string Description, string? TargetUrl)
{
    public const int MaxDescription = 140;

    public string ShortDescription => Description.Length <= MaxDescription ? Description : Description[..(MaxDescription - 3)] + "...";
}
