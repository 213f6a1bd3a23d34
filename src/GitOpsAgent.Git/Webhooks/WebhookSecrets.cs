namespace GitOpsAgent.Git;

/// <summary>Per-provider webhook secrets. A provider without a secret is accepted unsigned.</summary>
public sealed record WebhookSecrets(
    string? GitHub = null,
    string? GitLab = null,
    string? Gitea = null,
    string? Bitbucket = null,
    string? BitbucketServer = null)
{
    public override string ToString() => "WebhookSecrets(***)";
}
