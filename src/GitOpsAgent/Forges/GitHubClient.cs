using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using GitOpsAgent.Outbound;

namespace GitOpsAgent.Forges;

/// <summary>
/// GitHub's REST API (github.com and Enterprise): commit statuses
/// (https://docs.github.com/en/rest/commits/statuses#create-a-commit-status) and issue comments, which are a pull
/// request's conversation (https://docs.github.com/en/rest/issues/comments). Bearer token, API version 2022-11-28.
/// </summary>
public sealed class GitHubClient(OutboundHttp http, Uri apiBase, string token) : IForgeClient
{
    private const int PageSize = 100;
    private const int MaxPages = 10;

    public ForgeKind Kind => ForgeKind.GitHub;

    public async Task SetCommitStatusAsync(string repositoryPath, string sha, CommitStatus status, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(status);
        var body = new JsonObject
        {
            ["state"] = status.State switch { CommitState.Pending => "pending", CommitState.Success => "success", _ => "failure" },
            ["context"] = status.Context,
            ["description"] = status.ShortDescription,
        };
        if (status.TargetUrl is { } url)
        {
            body["target_url"] = url;
        }

        await SendAsync(HttpMethod.Post, $"repos/{repositoryPath}/statuses/{sha}", body, ct);
    }

    public async Task<string?> UpsertPullRequestCommentAsync(string repositoryPath, long number, string marker, string body, CancellationToken ct)
    {
        var me = (await SendAsync(HttpMethod.Get, "user", null, ct))?["id"]?.GetValue<long>();
        for (var page = 1; page <= MaxPages; page++)
        {
            var comments = (await SendAsync(HttpMethod.Get, $"repos/{repositoryPath}/issues/{number}/comments?per_page={PageSize}&page={page}", null, ct)) as JsonArray ?? [];
            var ours = comments.OfType<JsonObject>().FirstOrDefault(c =>
                c["body"]?.GetValue<string>().Contains(marker, StringComparison.Ordinal) == true && c["user"]?["id"]?.GetValue<long>() == me);
            if (ours is not null)
            {
                var updated = await SendAsync(HttpMethod.Patch, $"repos/{repositoryPath}/issues/comments/{ours["id"]!.GetValue<long>()}", new JsonObject { ["body"] = body }, ct);
                return updated?["html_url"]?.GetValue<string>();
            }

            if (comments.Count < PageSize)
            {
                break;
            }
        }

        var created = await SendAsync(HttpMethod.Post, $"repos/{repositoryPath}/issues/{number}/comments", new JsonObject { ["body"] = body }, ct);
        return created?["html_url"]?.GetValue<string>();
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string relative, JsonNode? body, CancellationToken ct)
    {
        var (answer, _) = await http.SendJsonAsync(method, new Uri(apiBase.AbsoluteUri.TrimEnd('/') + "/" + relative), body, headers =>
        {
            headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            headers.Accept.Clear();
            headers.Accept.ParseAdd("application/vnd.github+json");
            headers.Add("X-GitHub-Api-Version", "2022-11-28");
        }, showPath: true, ct);
        return answer;
    }
}
