using static GitOpsAgent.Git.Tests.Webhooks.WebhookPayloads;

namespace GitOpsAgent.Git.Tests.Webhooks;

/// <summary>
/// A webhook sender without the secret tries to trigger refreshes: by claiming another provider's event header (one
/// with no secret configured), or by adding such a header to a push. Whatever the headers say, only a configured
/// secret's provider can accept a request. Every pair of configured and claimed provider is tried.
/// </summary>
public sealed class WebhookSecretBypassTests
{
    private const string Secret = "webhook-secret";

    private static readonly (string Provider, string Payload, string EventHeader, string EventValue)[] All =
    [
        (WebhookParser.GitHub, GitHubPush, "X-GitHub-Event", "push"),
        (WebhookParser.Gitea, GiteaPush, "X-Gitea-Event", "push"),
        (WebhookParser.GitLab, GitLabPush, "X-Gitlab-Event", "Push Hook"),
        (WebhookParser.Bitbucket, BitbucketCloudPush, "X-Event-Key", "repo:push"),
        (WebhookParser.BitbucketServer, BitbucketServerPush, "X-Event-Key", "repo:refs_changed"),
    ];

    public static TheoryData<string, string> EveryConfiguredAndClaimedProvider()
    {
        var data = new TheoryData<string, string>();
        foreach (var configured in All)
        {
            foreach (var claimed in All)
                data.Add(configured.Provider, claimed.Provider);
        }

        return data;
    }

    public static TheoryData<string, string> EverySignerAndAddedHeader()
    {
        var data = new TheoryData<string, string>();
        foreach (var signer in All)
        {
            // Bitbucket Cloud and Server share X-Event-Key: adding "the other one's header" would replace the signer's own.
            foreach (var added in All.Where(a => a.EventHeader != signer.EventHeader))
                data.Add(signer.Provider, added.Provider);
        }

        return data;
    }

    private static WebhookSecrets OnlySecretFor(string provider) => provider switch
    {
        WebhookParser.GitHub => new WebhookSecrets(GitHub: Secret),
        WebhookParser.Gitea => new WebhookSecrets(Gitea: Secret),
        WebhookParser.GitLab => new WebhookSecrets(GitLab: Secret),
        WebhookParser.Bitbucket => new WebhookSecrets(Bitbucket: Secret),
        _ => new WebhookSecrets(BitbucketServer: Secret),
    };

    private static (string Provider, string Payload, string EventHeader, string EventValue) Of(string provider) => All.Single(p => p.Provider == provider);

    [Theory]
    [MemberData(nameof(EveryConfiguredAndClaimedProvider))]
    public void Parse_UnsignedRequestClaimingAnyProviderWhileOneSecretIsConfigured_IsUnauthorized(string configured, string claimed)
    {
        var request = Of(claimed);

        var (verdict, push, detail) = WebhookParser.Parse(Headers(claimed, request.EventHeader, request.EventValue, null), Bytes(request.Payload), OnlySecretFor(configured));

        Assert.Equal(WebhookVerdict.Unauthorized, verdict);
        Assert.Null(push);
        Assert.DoesNotContain(Secret, detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryConfiguredAndClaimedProvider))]
    public void Parse_RequestSignedWithAnotherSecretClaimingAnyProvider_IsUnauthorized(string configured, string claimed)
    {
        var request = Of(claimed);
        var headers = Headers(claimed, request.EventHeader, request.EventValue, Signed(claimed, request.Payload, "attackers-own-secret"));

        Assert.Equal(WebhookVerdict.Unauthorized, WebhookParser.Parse(headers, Bytes(request.Payload), OnlySecretFor(configured)).Verdict);
    }

    [Theory]
    [MemberData(nameof(EverySignerAndAddedHeader))]
    public void Parse_UnsignedPushThatAddsAnotherProvidersEventHeader_IsUnauthorized(string signer, string added)
    {
        var request = Of(signer);
        var headers = Headers(signer, request.EventHeader, request.EventValue, null);
        headers[Of(added).EventHeader] = Of(added).EventValue;

        Assert.Equal(WebhookVerdict.Unauthorized, WebhookParser.Parse(headers, Bytes(request.Payload), OnlySecretFor(signer)).Verdict);
    }

    [Theory]
    [MemberData(nameof(EverySignerAndAddedHeader))]
    public void Parse_SignedPushThatAddsAnotherProvidersEventHeader_IsReadAsTheSignersEvent(string signer, string added)
    {
        var request = Of(signer);
        var headers = Headers(signer, request.EventHeader, request.EventValue, Signed(signer, request.Payload, Secret));
        headers[Of(added).EventHeader] = Of(added).EventValue;

        var (verdict, push, _) = WebhookParser.Parse(headers, Bytes(request.Payload), OnlySecretFor(signer));

        Assert.Equal(WebhookVerdict.Accepted, verdict);
        Assert.Equal(signer, push!.Provider);
    }

    [Fact]
    public void Parse_ValidGitHubSignatureUnderAnotherProvidersEventHeader_IsUnauthorized()
    {
        // The GitHub secret verifies the body, but the request names itself GitLab, which has no secret: it counts for nothing.
        var headers = new Dictionary<string, string> { ["X-Gitlab-Event"] = "Push Hook", ["X-Hub-Signature-256"] = Signed(WebhookParser.GitHub, GitLabPush, Secret)! };

        Assert.Equal(WebhookVerdict.Unauthorized, WebhookParser.Parse(headers, Bytes(GitLabPush), OnlySecretFor(WebhookParser.GitHub)).Verdict);
    }

    [Fact]
    public void Parse_GiteaSigningWithTheGitHubSecretOnly_IsAcceptedAsGitHubStyle()
    {
        // Gitea also sends X-GitHub-Event and X-Hub-Signature-256: with only a GitHub secret, that is what verifies it.
        var headers = Headers(WebhookParser.Gitea, "X-Gitea-Event", "push", null);
        headers["X-Hub-Signature-256"] = Signed(WebhookParser.GitHub, GiteaPush, Secret)!;

        var (verdict, push, _) = WebhookParser.Parse(headers, Bytes(GiteaPush), OnlySecretFor(WebhookParser.GitHub));

        Assert.Equal(WebhookVerdict.Accepted, verdict);
        Assert.Equal(WebhookParser.GitHub, push!.Provider);
    }
}
