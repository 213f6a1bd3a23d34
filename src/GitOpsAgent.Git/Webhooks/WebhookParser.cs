using System.Text.Json;

namespace GitOpsAgent.Git;

/// <summary>
/// Identifies the provider from its event header, verifies the signature or token when a secret is configured, and reads
/// push events. Pure: no I/O; the host maps the verdict to an HTTP status and refreshes the named repositories.
/// </summary>
public static class WebhookParser
{
    public const string GitHub = "github";
    public const string Gitea = "gitea";
    public const string GitLab = "gitlab";
    public const string Bitbucket = "bitbucket";
    public const string BitbucketServer = "bitbucket-server";

    public static (WebhookVerdict Verdict, PushEvent? Event, string Detail) Parse(
        IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> body, WebhookSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(secrets);
        var header = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);

        // Gitea also sends X-GitHub-Event and X-Gogs-Event, so it is recognised first.
        if (header.TryGetValue("X-Gitea-Event", out var giteaEvent))
        {
            return Verify(Gitea, secrets.Gitea is not { Length: > 0 } s || WebhookSignature.IsValidHmacSha256(Value(header, "X-Gitea-Signature"), body, s, requirePrefix: false))
                ?? Push(Gitea, giteaEvent == "push", giteaEvent, body, PushPayloadReader.GitHubStyle);
        }

        if (header.TryGetValue("X-GitHub-Event", out var gitHubEvent))
        {
            return Verify(GitHub, secrets.GitHub is not { Length: > 0 } s || WebhookSignature.IsValidHmacSha256(Value(header, "X-Hub-Signature-256"), body, s, requirePrefix: true))
                ?? Push(GitHub, gitHubEvent == "push", gitHubEvent, body, PushPayloadReader.GitHubStyle);
        }

        if (header.TryGetValue("X-Gitlab-Event", out var gitLabEvent))
        {
            return Verify(GitLab, secrets.GitLab is not { Length: > 0 } s || WebhookSignature.IsValidToken(Value(header, "X-Gitlab-Token"), s))
                ?? Push(GitLab, gitLabEvent is "Push Hook" or "Tag Push Hook", gitLabEvent, body, PushPayloadReader.GitLab);
        }

        if (header.TryGetValue("X-Event-Key", out var eventKey))
        {
            if (IsBitbucketServer(header, eventKey))
            {
                return Verify(BitbucketServer, secrets.BitbucketServer is not { Length: > 0 } serverSecret || WebhookSignature.IsValidHmacSha256(Value(header, "X-Hub-Signature"), body, serverSecret, requirePrefix: true))
                    ?? Push(BitbucketServer, eventKey == "repo:refs_changed", eventKey, body, PushPayloadReader.BitbucketServer);
            }

            return Verify(Bitbucket, secrets.Bitbucket is not { Length: > 0 } s || WebhookSignature.IsValidHmacSha256(Value(header, "X-Hub-Signature"), body, s, requirePrefix: true))
                ?? Push(Bitbucket, eventKey == "repo:push", eventKey, body, PushPayloadReader.BitbucketCloud);
        }

        return (WebhookVerdict.BadRequest, null, "No recognised webhook event header (X-GitHub-Event, X-Gitea-Event, X-Gitlab-Event, X-Event-Key).");
    }

    // Bitbucket Cloud always sends X-Hook-UUID; Bitbucket Server's keys are refs_changed, diagnostics:ping and friends.
    private static bool IsBitbucketServer(Dictionary<string, string> header, string eventKey) =>
        !header.ContainsKey("X-Hook-UUID")
        && (eventKey is "repo:refs_changed" or "diagnostics:ping" || eventKey.StartsWith("pr:", StringComparison.Ordinal) || eventKey.StartsWith("mirror:", StringComparison.Ordinal));

    // An unset secret means the provider is trusted unsigned; a set one must match.
    private static (WebhookVerdict, PushEvent?, string)? Verify(string provider, bool authorized)
    {
        if (authorized)
            return null;
        return (WebhookVerdict.Unauthorized, null, $"{provider} webhook signature or token is missing or does not match the configured secret.");
    }

    private static (WebhookVerdict, PushEvent?, string) Push(
        string provider, bool isPush, string eventName, ReadOnlySpan<byte> body, Func<JsonElement, (IReadOnlyList<string> Urls, string? Ref, string? After)> read)
    {
        if (!isPush)
            return (WebhookVerdict.Ignored, null, $"{provider} event '{eventName}' is not a push.");
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (WebhookVerdict.BadRequest, null, $"{provider} push body is not a JSON object.");
            var (urls, gitRef, after) = read(document.RootElement);
            if (urls.Count == 0)
                return (WebhookVerdict.BadRequest, null, $"{provider} push names no repository URL.");
            return (WebhookVerdict.Accepted, new PushEvent(provider, urls, gitRef, after), $"{provider} push to {RepoUrl.Redact(urls[0])}.");
        }
        catch (JsonException ex)
        {
            return (WebhookVerdict.BadRequest, null, $"{provider} push body is not valid JSON: {ex.Message}");
        }
    }

    private static string? Value(Dictionary<string, string> header, string name) =>
        header.TryGetValue(name, out var value) ? value : null;
}
