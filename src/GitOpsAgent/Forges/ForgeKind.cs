namespace GitOpsAgent.Forges;

/// <summary>The Git forges whose APIs the controller posts commit statuses (and pull-request comments) to.</summary>
public enum ForgeKind
{
    GitHub,
    GitLab,
    Gitea,
    Bitbucket,
}
