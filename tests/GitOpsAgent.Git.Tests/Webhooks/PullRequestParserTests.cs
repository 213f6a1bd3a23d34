using static GitOpsAgent.Git.Tests.Webhooks.WebhookPayloads;

namespace GitOpsAgent.Git.Tests.Webhooks;

public sealed class PullRequestParserTests
{
    private const string Secret = "webhook-secret";
    private static readonly WebhookSecrets AllSecrets = new(Secret, Secret, Secret, Secret, Secret);

    public static TheoryData<string, string, string, string, long, string> Providers => new()
    {
        // provider, payload, event header, event value, number, API path
        { WebhookParser.GitHub, PullRequestPayloads.GitHub(), "X-GitHub-Event", "pull_request", 42, "acme/guestbook" },
        { WebhookParser.Gitea, PullRequestPayloads.Gitea(), "X-Gitea-Event", "pull_request", 7, "acme/guestbook" },
        { WebhookParser.GitLab, PullRequestPayloads.GitLab(), "X-Gitlab-Event", "Merge Request Hook", 3, "acme/apps/guestbook" },
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Parse_SignedPullRequest_IsAcceptedWithItsNumberHeadAndBase(string provider, string payload, string eventHeader, string eventValue, long number, string path)
    {
        var result = WebhookParser.Parse(Headers(provider, eventHeader, eventValue, Signed(provider, payload, Secret)), Bytes(payload), AllSecrets);

        Assert.Equal(WebhookVerdict.Accepted, result.Verdict);
        Assert.Null(result.Event);
        var pr = result.PullRequest!;
        Assert.Equal((provider, number, path, PullRequestPayloads.Head, "main"), (pr.Provider, pr.Number, pr.RepositoryPath, pr.HeadSha, pr.BaseRef));
        Assert.NotEmpty(pr.RepositoryUrls);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Parse_PullRequestWithoutAnySecret_IsIgnoredBecausePreviewsNeedOne(string provider, string payload, string eventHeader, string eventValue, long number, string path)
    {
        var result = WebhookParser.Parse(Headers(provider, eventHeader, eventValue, null), Bytes(payload), new WebhookSecrets());

        Assert.Equal(WebhookVerdict.Ignored, result.Verdict);
        Assert.Null(result.PullRequest);
        Assert.Contains("need the provider's webhook secret", result.Detail, StringComparison.Ordinal);
        Assert.True(number > 0 && path.Length > 0);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Parse_PullRequestWithAWrongSignature_IsUnauthorized(string provider, string payload, string eventHeader, string eventValue, long number, string path)
    {
        var result = WebhookParser.Parse(Headers(provider, eventHeader, eventValue, Signed(provider, payload, "not-the-secret")), Bytes(payload), AllSecrets);

        Assert.Equal(WebhookVerdict.Unauthorized, result.Verdict);
        Assert.Null(result.PullRequest);
        Assert.True(number > 0 && path.Length > 0);
    }

    [Fact]
    public void Parse_UnsignedGiteaPullRequestWhileOnlyGitHubHasASecret_IsUnauthorized()
    {
        var payload = PullRequestPayloads.Gitea();

        var result = WebhookParser.Parse(Headers(WebhookParser.Gitea, "X-Gitea-Event", "pull_request", null), Bytes(payload), new WebhookSecrets(GitHub: Secret));

        Assert.Equal(WebhookVerdict.Unauthorized, result.Verdict);
    }

    [Theory]
    [InlineData(WebhookParser.GitHub, "closed")]
    [InlineData(WebhookParser.GitHub, "labeled")]
    [InlineData(WebhookParser.Gitea, "closed")]
    [InlineData(WebhookParser.GitLab, "merge")]
    [InlineData(WebhookParser.GitLab, "approved")]
    public void Parse_ActionThatLeavesTheHeadAlone_IsIgnored(string provider, string action)
    {
        var (payload, header, value) = provider switch
        {
            WebhookParser.GitHub => (PullRequestPayloads.GitHub(action), "X-GitHub-Event", "pull_request"),
            WebhookParser.Gitea => (PullRequestPayloads.Gitea(action), "X-Gitea-Event", "pull_request"),
            _ => (PullRequestPayloads.GitLab(action), "X-Gitlab-Event", "Merge Request Hook"),
        };

        var result = WebhookParser.Parse(Headers(provider, header, value, Signed(provider, payload, Secret)), Bytes(payload), AllSecrets);

        Assert.Equal(WebhookVerdict.Ignored, result.Verdict);
    }

    [Fact]
    public void Parse_GitLabUpdateWithoutNewCommits_IsIgnored()
    {
        var payload = PullRequestPayloads.GitLab(withOldrev: false);

        var result = WebhookParser.Parse(Headers(WebhookParser.GitLab, "X-Gitlab-Event", "Merge Request Hook", Secret), Bytes(payload), AllSecrets);

        Assert.Equal(WebhookVerdict.Ignored, result.Verdict);
    }

    [Theory]
    [InlineData("opened")]
    [InlineData("reopened")]
    public void Parse_GitHubOpenedOrReopened_IsAccepted(string action)
    {
        var payload = PullRequestPayloads.GitHub(action);

        var result = WebhookParser.Parse(Headers(WebhookParser.GitHub, "X-GitHub-Event", "pull_request", Signed(WebhookParser.GitHub, payload, Secret)), Bytes(payload), AllSecrets);

        Assert.Equal(PullRequestPayloads.BaseSha, result.PullRequest!.BaseSha);
    }
}
