using static GitOpsAgent.Git.Tests.Webhooks.WebhookPayloads;

namespace GitOpsAgent.Git.Tests.Webhooks;

public sealed class WebhookParserTests
{
    private const string Secret = "webhook-secret";
    private static readonly WebhookSecrets AllSecrets = new(Secret, Secret, Secret, Secret, Secret);
    private static readonly WebhookSecrets NoSecrets = new();

    public static TheoryData<string, string, string, string> Providers => new()
    {
        // provider, payload, event header name, event value
        { WebhookParser.GitHub, GitHubPush, "X-GitHub-Event", "push" },
        { WebhookParser.Gitea, GiteaPush, "X-Gitea-Event", "push" },
        { WebhookParser.GitLab, GitLabPush, "X-Gitlab-Event", "Push Hook" },
        { WebhookParser.Bitbucket, BitbucketCloudPush, "X-Event-Key", "repo:push" },
        { WebhookParser.BitbucketServer, BitbucketServerPush, "X-Event-Key", "repo:refs_changed" },
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Parse_ValidSignature_AcceptsPushWithRefAndSha(string provider, string payload, string eventHeader, string eventValue)
    {
        var headers = Headers(provider, eventHeader, eventValue, Signed(provider, payload, Secret));

        var (verdict, push, detail) = WebhookParser.Parse(headers, Bytes(payload), AllSecrets);

        Assert.Equal(WebhookVerdict.Accepted, verdict);
        Assert.NotNull(push);
        Assert.Equal(provider, push.Provider);
        Assert.Equal("refs/heads/main", push.Ref);
        Assert.Equal(After, push.After);
        Assert.NotEmpty(detail);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Parse_WrongSignature_Unauthorized(string provider, string payload, string eventHeader, string eventValue)
    {
        var headers = Headers(provider, eventHeader, eventValue, Signed(provider, payload, "another-secret"));

        var (verdict, push, _) = WebhookParser.Parse(headers, Bytes(payload), AllSecrets);

        Assert.Equal(WebhookVerdict.Unauthorized, verdict);
        Assert.Null(push);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Parse_TamperedBody_Unauthorized(string provider, string payload, string eventHeader, string eventValue)
    {
        if (provider == WebhookParser.GitLab)
            Assert.Skip("GitLab sends a shared token, not a body signature: a tampered body cannot be detected.");
        var headers = Headers(provider, eventHeader, eventValue, Signed(provider, payload, Secret));

        var (verdict, _, _) = WebhookParser.Parse(headers, Bytes(payload.Replace("main", "evil", StringComparison.Ordinal)), AllSecrets);

        Assert.Equal(WebhookVerdict.Unauthorized, verdict);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Parse_MissingSignatureWithSecretConfigured_Unauthorized(string provider, string payload, string eventHeader, string eventValue)
    {
        var (verdict, _, detail) = WebhookParser.Parse(Headers(provider, eventHeader, eventValue, null), Bytes(payload), AllSecrets);

        Assert.Equal(WebhookVerdict.Unauthorized, verdict);
        Assert.DoesNotContain(Secret, detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Parse_UnsignedWithoutSecret_Accepted(string provider, string payload, string eventHeader, string eventValue)
    {
        var (verdict, push, _) = WebhookParser.Parse(Headers(provider, eventHeader, eventValue, null), Bytes(payload), NoSecrets);

        Assert.Equal(WebhookVerdict.Accepted, verdict);
        Assert.Equal(provider, push!.Provider);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Parse_Push_RepositoryUrlsNormalizeToOneRepository(string provider, string payload, string eventHeader, string eventValue)
    {
        var (_, push, _) = WebhookParser.Parse(Headers(provider, eventHeader, eventValue, null), Bytes(payload), NoSecrets);

        var normalized = push!.RepositoryUrls.Select(RepoUrl.Normalize).Distinct().ToList();
        var expected = provider switch
        {
            WebhookParser.GitHub => new[] { "github.com/acme/guestbook" },
            WebhookParser.Gitea => ["gitea.example.com/acme/guestbook", "gitea.example.com:2222/acme/guestbook"],
            WebhookParser.GitLab => ["gitlab.example.com/acme/apps/guestbook"],
            WebhookParser.Bitbucket => ["bitbucket.org/acme/guestbook"],
            _ => ["bitbucket.example.com:7999/acme/guestbook", "bitbucket.example.com/scm/acme/guestbook"],
        };
        Assert.Equal(expected.Order(StringComparer.Ordinal), normalized.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_GitHubPayloadUrls_IncludeEveryCloneForm()
    {
        var (_, push, _) = WebhookParser.Parse(Headers(WebhookParser.GitHub, "X-GitHub-Event", "push", null), Bytes(GitHubPush), NoSecrets);

        Assert.Equal(
            ["https://github.com/acme/guestbook", "https://github.com/acme/guestbook.git", "git@github.com:acme/guestbook.git", "git://github.com/acme/guestbook.git"],
            push!.RepositoryUrls);
    }

    [Theory]
    [InlineData("X-GitHub-Event", "ping")]
    [InlineData("X-Gitea-Event", "create")]
    [InlineData("X-Gitlab-Event", "Merge Request Hook")]
    [InlineData("X-Event-Key", "diagnostics:ping")]
    [InlineData("X-Event-Key", "pullrequest:created")]
    public void Parse_NonPushEvent_Ignored(string header, string value)
    {
        var (verdict, push, _) = WebhookParser.Parse(new Dictionary<string, string> { [header] = value }, Bytes(GitHubPing), NoSecrets);

        Assert.Equal(WebhookVerdict.Ignored, verdict);
        Assert.Null(push);
    }

    [Fact]
    public void Parse_SignedGitHubPing_IgnoredAfterVerification()
    {
        var headers = new Dictionary<string, string> { ["X-GitHub-Event"] = "ping", ["X-Hub-Signature-256"] = "sha256=" + HmacHex(Secret, GitHubPing) };

        Assert.Equal(WebhookVerdict.Ignored, WebhookParser.Parse(headers, Bytes(GitHubPing), AllSecrets).Verdict);
    }

    [Fact]
    public void Parse_HeadersInAnyCase_Recognised()
    {
        var headers = new Dictionary<string, string> { ["x-github-event"] = "push", ["x-hub-signature-256"] = "sha256=" + HmacHex(Secret, GitHubPush) };

        Assert.Equal(WebhookVerdict.Accepted, WebhookParser.Parse(headers, Bytes(GitHubPush), AllSecrets).Verdict);
    }

    [Fact]
    public void Parse_GitHubSignatureWithoutPrefix_Unauthorized()
    {
        var headers = new Dictionary<string, string> { ["X-GitHub-Event"] = "push", ["X-Hub-Signature-256"] = HmacHex(Secret, GitHubPush) };

        Assert.Equal(WebhookVerdict.Unauthorized, WebhookParser.Parse(headers, Bytes(GitHubPush), AllSecrets).Verdict);
    }

    [Fact]
    public void Parse_NoKnownEventHeader_BadRequest() =>
        Assert.Equal(WebhookVerdict.BadRequest, WebhookParser.Parse(new Dictionary<string, string> { ["Content-Type"] = "application/json" }, Bytes(GitHubPush), NoSecrets).Verdict);

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("{\"ref\":\"refs/heads/main\"}")]
    public void Parse_UnreadablePushBody_BadRequest(string body) =>
        Assert.Equal(WebhookVerdict.BadRequest, WebhookParser.Parse(new Dictionary<string, string> { ["X-GitHub-Event"] = "push" }, Bytes(body), NoSecrets).Verdict);

    [Fact]
    public void Parse_DeletedBranch_HasNoAfterSha()
    {
        var payload = GitHubPush.Replace(After, new string('0', 40), StringComparison.Ordinal);

        var (verdict, push, _) = WebhookParser.Parse(new Dictionary<string, string> { ["X-GitHub-Event"] = "push" }, Bytes(payload), NoSecrets);

        Assert.Equal(WebhookVerdict.Accepted, verdict);
        Assert.Null(push!.After);
    }

    [Fact]
    public void ToString_Secrets_Hidden() => Assert.DoesNotContain(Secret, AllSecrets.ToString(), StringComparison.Ordinal);
}
