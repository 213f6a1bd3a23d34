using System.Text.Json.Nodes;
using GitOpsAgent.Controller;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Git;
using GitOpsAgent.Previews;
using GitOpsAgent.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Webhooks;

/// <summary>
/// POST /api/webhook: push events from GitHub, GitLab, Gitea and Bitbucket (Cloud and Server). Verified with the
/// configured secret, matched to Applications by normalised repository URL, and turned into an immediate reconcile
/// of just those Applications (a burst of pushes coalesces in the work queue and the repository's single-flight fetch).
/// Verified pull/merge request events (GitHub, GitLab, Gitea) queue a preview when a token for that forge is configured.
/// </summary>
public sealed partial class WebhookEndpoint(
    ApplicationController controller,
    IKubernetesApi kube,
    IGitRepositoryCache git,
    ControllerOptions options,
    WebhookSecrets secrets,
    GitOpsAgentMetrics metrics,
    TimeProvider time,
    PullRequestPreviewService previews,
    ILogger<WebhookEndpoint> logger)
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
        var parsed = WebhookParser.Parse(headers, buffer.GetBuffer().AsSpan(0, (int)buffer.Length), secrets);
        var (verdict, push, detail) = parsed;
        var provider = push?.Provider ?? parsed.PullRequest?.Provider ?? ProviderFromHeaders(headers);
        switch (verdict)
        {
            case WebhookVerdict.Accepted when parsed.PullRequest is { } pr:
                foreach (var url in pr.RepositoryUrls)
                {
                    // The target branch may have moved since the last poll.
                    git.Invalidate(url);
                }

                var queued = previews.Enqueue(pr);
                metrics.RecordWebhook(provider, queued ? "accepted" : "ignored");
                Log.PullRequest(logger, provider, pr.RepositoryPath, pr.Number, queued);
                return queued ? Results.Accepted(value: new { preview = "queued" }) : Results.Ok(new { ignored = $"no preview token is configured for {provider} at this repository's host" });
            case WebhookVerdict.Accepted when push is not null:
                var repos = push.RepositoryUrls.Select(RepoUrl.Normalize).Distinct(StringComparer.Ordinal).ToList();
                foreach (var url in push.RepositoryUrls)
                {
                    // One invalidation per push, so every Application on the repository shares the next ls-remote.
                    git.Invalidate(url);
                }

                var triggered = repos.Sum(controller.TriggerRepository);
                var forwarded = await ForwardAsync(repos, ct);
                metrics.RecordWebhook(provider, "accepted");
                Log.Accepted(logger, provider, repos, triggered + forwarded);
                return Results.Accepted(value: new { triggered, forwarded });
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

    /// <summary>
    /// The Service may route a push to a standby or to another shard's replica: those Applications get the refresh
    /// annotation, which their owner's watch turns into an immediate reconcile.
    /// </summary>
    private async Task<int> ForwardAsync(IReadOnlyList<string> repos, CancellationToken ct)
    {
        if (controller.IsLeading && options.Shards <= 1)
        {
            return 0;
        }

        var namespaces = options.WatchNamespaces.Count == 0 ? [null] : options.WatchNamespaces.Select(n => (string?)n).ToList();
        var forwarded = 0;
        foreach (var ns in namespaces)
        {
            var apps = await kube.ListAllAsync(Application.ApiVersionValue, Application.KindValue, ns, new ListOptions(), ct);
            foreach (var app in apps.Items)
            {
                var key = new AppKey(app.GetNamespace(), app.GetName());
                if (controller.Owns(key) || !repos.Any(repo => ApplicationController.UsesRepository(app, repo)))
                {
                    continue;
                }

                var stamp = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [AppAnnotations.Refresh] = stamp } } };
                await kube.PatchAsync(Application.ApiVersionValue, Application.KindValue, key.Namespace, key.Name, patch, PatchType.Merge, ct);
                forwarded++;
            }
        }

        return forwarded;
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
        public static partial void Accepted(ILogger logger, string provider, IReadOnlyList<string> repositories, int count);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Webhook from {Provider} rejected: {Detail}")]
        public static partial void Rejected(ILogger logger, string provider, string detail);

        [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Webhook from {Provider} for pull request {Repository}#{Number}: preview queued {Queued}")]
        public static partial void PullRequest(ILogger logger, string provider, string repository, long number, bool queued);
    }
}
