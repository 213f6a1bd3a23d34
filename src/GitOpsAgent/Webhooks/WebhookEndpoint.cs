using GitOpsAgent.Controller;
using GitOpsAgent.Git;
using GitOpsAgent.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Webhooks;

/// <summary>
/// POST /api/webhook: push events from GitHub, GitLab, Gitea and Bitbucket (Cloud and Server). Verified with the
/// configured secret, matched to Applications by normalised repository URL, and turned into an immediate reconcile
/// of just those Applications (a burst of pushes coalesces in the work queue and the repository's single-flight fetch).
/// </summary>
public sealed partial class WebhookEndpoint(ApplicationController controller, WebhookSecrets secrets, GitOpsAgentMetrics metrics, ILogger<WebhookEndpoint> logger)
{
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            metrics.RecordWebhook("unknown", "too_large");
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        if (buffer.Length > MaxBodyBytes)
        {
            metrics.RecordWebhook("unknown", "too_large");
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var (verdict, push, detail) = WebhookParser.Parse(headers, buffer.GetBuffer().AsSpan(0, (int)buffer.Length), secrets);
        var provider = push?.Provider ?? ProviderFromHeaders(headers);
        switch (verdict)
        {
            case WebhookVerdict.Accepted when push is not null:
                var repos = push.RepositoryUrls.Select(RepoUrl.Normalize).Distinct(StringComparer.Ordinal).ToList();
                var triggered = repos.Sum(controller.TriggerRepository);
                metrics.RecordWebhook(provider, "accepted");
                Log.Accepted(logger, provider, string.Join(", ", repos), triggered);
                return Results.Accepted(value: new { triggered });
            case WebhookVerdict.Unauthorized:
                metrics.RecordWebhook(provider, "unauthorized");
                Log.Rejected(logger, provider, detail);
                return Results.Unauthorized();
            case WebhookVerdict.Ignored:
                metrics.RecordWebhook(provider, "ignored");
                return Results.Ok(new { ignored = detail });
            default:
                metrics.RecordWebhook(provider, "bad_request");
                return Results.BadRequest(new { error = detail });
        }
    }

    private static string ProviderFromHeaders(IReadOnlyDictionary<string, string> headers) =>
        headers.ContainsKey("X-GitHub-Event") ? "github"
        : headers.ContainsKey("X-Gitea-Event") ? "gitea"
        : headers.ContainsKey("X-Gitlab-Event") ? "gitlab"
        : headers.ContainsKey("X-Event-Key") ? "bitbucket"
        : "unknown";

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Webhook from {Provider} for {Repositories}: {Count} Application(s) to refresh")]
        public static partial void Accepted(ILogger logger, string provider, string repositories, int count);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Webhook from {Provider} rejected: {Detail}")]
        public static partial void Rejected(ILogger logger, string provider, string detail);
    }
}
