namespace GitOpsAgent.Git;

/// <summary>Per-provider webhook secrets. With none set, every provider is accepted unsigned; once one is set, only providers with a secret are accepted, each verified with its own.</summary>
public sealed record WebhookSecrets(
    string? GitHub = null,
    string? GitLab = null,
    string? Gitea = null,
    string? Bitbucket = null,
    string? BitbucketServer = null)
{
    public override string ToString() => "WebhookSecrets(***)";
}
