using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using GitOpsAgent.Outbound;

namespace GitOpsAgent.Forges;

/// <summary>
/// Gitea's API v1 (also Forgejo): commit statuses (POST /repos/{owner}/{repo}/statuses/{sha}) and issue comments,
/// which include a pull request's (GET/POST /repos/{owner}/{repo}/issues/{index}/comments, PATCH
/// /repos/{owner}/{repo}/issues/comments/{id}), as https://gitea.com/api/swagger documents them. "token" authorization.
/// </summary>
public sealed class GiteaClient(OutboundHttp http, Uri apiBase, string token) : IForgeClient
{
    public ForgeKind Kind => ForgeKind.Gitea;

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
        var comments = (await SendAsync(HttpMethod.Get, $"repos/{repositoryPath}/issues/{number}/comments", null, ct)) as JsonArray ?? [];
        var ours = comments.OfType<JsonObject>().FirstOrDefault(c =>
            c["body"]?.GetValue<string>().Contains(marker, StringComparison.Ordinal) == true && c["user"]?["id"]?.GetValue<long>() == me);
        var answer = ours is not null
            ? await SendAsync(HttpMethod.Patch, $"repos/{repositoryPath}/issues/comments/{ours["id"]!.GetValue<long>()}", new JsonObject { ["body"] = body }, ct)
            : await SendAsync(HttpMethod.Post, $"repos/{repositoryPath}/issues/{number}/comments", new JsonObject { ["body"] = body }, ct);
        return answer?["html_url"]?.GetValue<string>();
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string relative, JsonNode? body, CancellationToken ct)
    {
        var (answer, _) = await http.SendJsonAsync(method, new Uri(apiBase.AbsoluteUri.TrimEnd('/') + "/" + relative), body,
            headers => headers.Authorization = new AuthenticationHeaderValue("token", token), showPath: true, ct);
        return answer;
    }
}
