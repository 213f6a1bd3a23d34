using System.Text.Json;

namespace GitOpsAgent.Git;

/// <summary>
/// Verifies a webhook and reads its push or pull-request event. Pure: no I/O; the host maps the verdict to an HTTP
/// status and refreshes the named repositories (or previews the pull request). Which provider a request is taken for is decided by the configured secrets,
/// never by its headers alone: once any secret is configured, a request is accepted only when one configured
/// provider's own event header is present and that provider's signature (or token) verifies under its secret, and it
/// is then read as that provider's event. Headers of providers without a secret count for nothing. With no secret
/// at all, the event header names the provider and nothing is verified. A pull-request event (GitHub, Gitea, GitLab)
/// is read only from a verified request: a preview posts with the controller's forge token, so an unsigned request
/// must not choose what it comments on.
/// </summary>
public static class WebhookParser
{
    public const string GitHub = "github";
    public const string Gitea = "gitea";
    public const string GitLab = "gitlab";
    public const string Bitbucket = "bitbucket";
    public const string BitbucketServer = "bitbucket-server";

    private delegate bool Verifier(Dictionary<string, string> header, ReadOnlySpan<byte> body, string secret);

    private sealed record Provider(
        string Name,
        string EventHeader,
        Func<WebhookSecrets, string?> Secret,
        Verifier Verify,
        Func<string, bool> IsPush,
        Func<JsonElement, (IReadOnlyList<string> Urls, string? Ref, string? After)> Read,
        Func<string, bool>? IsPullRequest = null,
        Func<string, JsonElement, PullRequestEvent?>? ReadPullRequest = null);

    private static readonly Provider GiteaProvider = new(
        Gitea, "X-Gitea-Event", s => s.Gitea, (h, b, s) => WebhookSignature.IsValidHmacSha256(Value(h, "X-Gitea-Signature"), b, s, requirePrefix: false), e => e == "push", PushPayloadReader.GitHubStyle,
        e => e == "pull_request", PullRequestPayloadReader.GitHubStyle);

    private static readonly Provider GitHubProvider = new(
        GitHub, "X-GitHub-Event", s => s.GitHub, (h, b, s) => WebhookSignature.IsValidHmacSha256(Value(h, "X-Hub-Signature-256"), b, s, requirePrefix: true), e => e == "push", PushPayloadReader.GitHubStyle,
        e => e == "pull_request", PullRequestPayloadReader.GitHubStyle);

    private static readonly Provider GitLabProvider = new(
        GitLab, "X-Gitlab-Event", s => s.GitLab, (h, _, s) => WebhookSignature.IsValidToken(Value(h, "X-Gitlab-Token"), s), e => e is "Push Hook" or "Tag Push Hook", PushPayloadReader.GitLab,
        e => e == "Merge Request Hook", PullRequestPayloadReader.GitLab);

    private static readonly Provider BitbucketServerProvider = new(
        BitbucketServer, "X-Event-Key", s => s.BitbucketServer, (h, b, s) => WebhookSignature.IsValidHmacSha256(Value(h, "X-Hub-Signature"), b, s, requirePrefix: true), e => e == "repo:refs_changed", PushPayloadReader.BitbucketServer);

    private static readonly Provider BitbucketCloudProvider = new(
        Bitbucket, "X-Event-Key", s => s.Bitbucket, (h, b, s) => WebhookSignature.IsValidHmacSha256(Value(h, "X-Hub-Signature"), b, s, requirePrefix: true), e => e == "repo:push", PushPayloadReader.BitbucketCloud);

    public static WebhookParseResult Parse(IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> body, WebhookSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(secrets);
        var header = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
        var present = Candidates(header).Where(p => header.ContainsKey(p.EventHeader)).ToList();
        if (present.Count == 0)
            return new(WebhookVerdict.BadRequest, null, "No recognised webhook event header (X-GitHub-Event, X-Gitea-Event, X-Gitlab-Event, X-Event-Key).");

        var configured = Candidates(header).Where(p => p.Secret(secrets) is { Length: > 0 }).ToList();
        if (configured.Count == 0)
            return Read(present[0], header, body, verified: false);

        foreach (var provider in present.Where(configured.Contains))
        {
            if (provider.Verify(header, body, provider.Secret(secrets)!))
                return Read(provider, header, body, verified: true);
        }

        var names = string.Join(", ", configured.Select(p => p.Name));
        return new(WebhookVerdict.Unauthorized, null,
            $"No configured webhook secret ({names}) verifies this request: its signature or token is missing or wrong, or it names a provider that has no secret.");
    }

    /// <summary>Every provider, in the order a request is tried against them (Gitea also sends X-GitHub-Event; Bitbucket Server and Cloud share X-Event-Key).</summary>
    private static Provider[] Candidates(Dictionary<string, string> header) =>
        IsBitbucketServer(header)
            ? [GiteaProvider, GitHubProvider, GitLabProvider, BitbucketServerProvider, BitbucketCloudProvider]
            : [GiteaProvider, GitHubProvider, GitLabProvider, BitbucketCloudProvider, BitbucketServerProvider];

    // Bitbucket Cloud always sends X-Hook-UUID; Bitbucket Server's keys are refs_changed, diagnostics:ping and friends.
    private static bool IsBitbucketServer(Dictionary<string, string> header) =>
        header.TryGetValue("X-Event-Key", out var eventKey)
        && !header.ContainsKey("X-Hook-UUID")
        && (eventKey is "repo:refs_changed" or "diagnostics:ping" || eventKey.StartsWith("pr:", StringComparison.Ordinal) || eventKey.StartsWith("mirror:", StringComparison.Ordinal));

    private static WebhookParseResult Read(Provider provider, Dictionary<string, string> header, ReadOnlySpan<byte> body, bool verified)
    {
        var eventName = header[provider.EventHeader];
        if (provider.IsPullRequest?.Invoke(eventName) == true)
            return verified ? PullRequest(provider, eventName, body) : new(WebhookVerdict.Ignored, null, $"{provider.Name} event '{eventName}': pull-request previews need the provider's webhook secret.");
        if (!provider.IsPush(eventName))
            return new(WebhookVerdict.Ignored, null, $"{provider.Name} event '{eventName}' is not a push.");
        return Parsed(provider.Name, "push", body, root =>
        {
            var (urls, gitRef, after) = provider.Read(root);
            return urls.Count == 0
                ? new(WebhookVerdict.BadRequest, null, $"{provider.Name} push names no repository URL.")
                : new(WebhookVerdict.Accepted, new PushEvent(provider.Name, urls, gitRef, after), $"{provider.Name} push to {RepoUrl.Redact(urls[0])}.");
        });
    }

    private static WebhookParseResult PullRequest(Provider provider, string eventName, ReadOnlySpan<byte> body) =>
        Parsed(provider.Name, eventName, body, root =>
        {
            var pr = provider.ReadPullRequest!(provider.Name, root);
            if (pr is null)
                return new(WebhookVerdict.Ignored, null, $"{provider.Name} event '{eventName}' does not change a pull request's head.");
            if (pr.RepositoryUrls.Count == 0)
                return new(WebhookVerdict.BadRequest, null, $"{provider.Name} pull request names no repository URL.");
            return new(WebhookVerdict.Accepted, null, $"{provider.Name} pull request {pr.RepositoryPath}#{pr.Number} at {pr.HeadSha}.") { PullRequest = pr };
        });

    private static WebhookParseResult Parsed(string provider, string what, ReadOnlySpan<byte> body, Func<JsonElement, WebhookParseResult> read)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            return document.RootElement.ValueKind != JsonValueKind.Object
                ? new(WebhookVerdict.BadRequest, null, $"{provider} {what} body is not a JSON object.")
                : read(document.RootElement);
        }
        catch (JsonException ex)
        {
            return new(WebhookVerdict.BadRequest, null, $"{provider} {what} body is not valid JSON: {ex.Message}");
        }
    }

    private static string? Value(Dictionary<string, string> header, string name) =>
        header.TryGetValue(name, out var value) ? value : null;
}
