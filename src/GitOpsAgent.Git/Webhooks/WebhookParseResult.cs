namespace GitOpsAgent.Git;

/// <summary>
/// What <see cref="WebhookParser.Parse"/> decided: the verdict, the push (when it is one), a detail for logs, and the
/// pull request (when the verdict is Accepted for a pull-request event).
/// </summary>
public sealed record WebhookParseResult(WebhookVerdict Verdict, PushEvent? Event, string Detail)
{
    public PullRequestEvent? PullRequest { get; init; }
}
