using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using GitOpsAgent.Outbound;

namespace GitOpsAgent.Forges;

/// <summary>
/// GitHub's REST API (github.com and Enterprise), and Gitea's API v1 (also Forgejo), which copies its endpoints:
/// commit statuses (POST /repos/{owner}/{repo}/statuses/{sha},
/// https://docs.github.com/en/rest/commits/statuses#create-a-commit-status) and issue comments, which are a pull
/// request's conversation (GET/POST /repos/{owner}/{repo}/issues/{number}/comments, PATCH
/// /repos/{owner}/{repo}/issues/comments/{id}, https://docs.github.com/en/rest/issues/comments and
/// https://gitea.com/api/swagger). The two differ only in authorization and in how a page size is asked for.
/// </summary>
public sealed class GitHubClient : IForgeClient
{
    private const int MaxPages = 10;

    private readonly OutboundHttp _http;
    private readonly Uri _apiBase;
    private readonly string _token;

    private GitHubClient(ForgeKind kind, OutboundHttp http, Uri apiBase, string token)
    {
        Kind = kind;
        _http = http;
        _apiBase = apiBase;
        _token = token;
    }

    /// <summary>GitHub: Bearer token, API version 2022-11-28, up to 100 comments a page (per_page).</summary>
    public static GitHubClient ForGitHub(OutboundHttp http, Uri apiBase, string token) => new(ForgeKind.GitHub, http, apiBase, token);

    /// <summary>Gitea and Forgejo: "token" authorization, 50 comments a page (limit; their default MAX_RESPONSE_ITEMS).</summary>
    public static GitHubClient ForGitea(OutboundHttp http, Uri apiBase, string token) => new(ForgeKind.Gitea, http, apiBase, token);

    public ForgeKind Kind { get; }

    private int PageSize => Kind == ForgeKind.GitHub ? 100 : 50;

    private string PageQuery(int page) => Kind == ForgeKind.GitHub ? $"per_page={PageSize}&page={page}" : $"limit={PageSize}&page={page}";

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
            var comments = (await SendAsync(HttpMethod.Get, $"repos/{repositoryPath}/issues/{number}/comments?{PageQuery(page)}", null, ct)) as JsonArray ?? [];
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
        var (answer, _) = await _http.SendJsonAsync(method, new Uri(_apiBase.AbsoluteUri.TrimEnd('/') + "/" + relative), body, headers =>
        {
            if (Kind == ForgeKind.GitHub)
            {
                headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
                headers.Accept.Clear();
                headers.Accept.ParseAdd("application/vnd.github+json");
                headers.Add("X-GitHub-Api-Version", "2022-11-28");
            }
            else
            {
                headers.Authorization = new AuthenticationHeaderValue("token", _token);
            }
        }, showPath: true, ct);
        return answer;
    }
}
