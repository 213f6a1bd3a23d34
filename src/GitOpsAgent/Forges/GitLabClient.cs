using System.Text.Json.Nodes;
using GitOpsAgent.Outbound;

namespace GitOpsAgent.Forges;

/// <summary>
/// GitLab's REST API v4: commit statuses (https://docs.gitlab.com/ee/api/commits.html#set-the-pipeline-status-of-a-commit)
/// and merge request notes (https://docs.gitlab.com/ee/api/notes.html#merge-requests). A project is named by its
/// URL-encoded path; the token goes in PRIVATE-TOKEN (personal, project or group access tokens).
/// </summary>
public sealed class GitLabClient(OutboundHttp http, Uri apiBase, string token) : IForgeClient
{
    private const int PageSize = 100;
    private const int MaxPages = 10;

    public ForgeKind Kind => ForgeKind.GitLab;

    public async Task SetCommitStatusAsync(string repositoryPath, string sha, CommitStatus status, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(status);
        var body = new JsonObject
        {
            ["state"] = status.State switch { CommitState.Pending => "pending", CommitState.Success => "success", _ => "failed" },
            ["name"] = status.Context,
            ["description"] = status.ShortDescription,
        };
        if (status.TargetUrl is { } url)
        {
            body["target_url"] = url;
        }

        await SendAsync(HttpMethod.Post, $"projects/{Project(repositoryPath)}/statuses/{sha}", body, ct);
    }

    public async Task<string?> UpsertPullRequestCommentAsync(string repositoryPath, long number, string marker, string body, CancellationToken ct)
    {
        var me = (await SendAsync(HttpMethod.Get, "user", null, ct))?["id"]?.GetValue<long>();
        var notes = $"projects/{Project(repositoryPath)}/merge_requests/{number}/notes";
        for (var page = 1; page <= MaxPages; page++)
        {
            var list = (await SendAsync(HttpMethod.Get, $"{notes}?per_page={PageSize}&page={page}", null, ct)) as JsonArray ?? [];
            var ours = list.OfType<JsonObject>().FirstOrDefault(n =>
                n["body"]?.GetValue<string>().Contains(marker, StringComparison.Ordinal) == true && n["author"]?["id"]?.GetValue<long>() == me);
            if (ours is not null)
            {
                await SendAsync(HttpMethod.Put, $"{notes}/{ours["id"]!.GetValue<long>()}", new JsonObject { ["body"] = body }, ct);
                return null;
            }

            if (list.Count < PageSize)
            {
                break;
            }
        }

        await SendAsync(HttpMethod.Post, notes, new JsonObject { ["body"] = body }, ct);
        return null;
    }

    private static string Project(string repositoryPath) => Uri.EscapeDataString(repositoryPath);

    private async Task<JsonNode?> SendAsync(HttpMethod method, string relative, JsonNode? body, CancellationToken ct)
    {
        var (answer, _) = await http.SendJsonAsync(method, new Uri(apiBase.AbsoluteUri.TrimEnd('/') + "/" + relative), body, headers => headers.Add("PRIVATE-TOKEN", token), showPath: true, ct);
        return answer;
    }
}
