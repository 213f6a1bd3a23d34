using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Outbound;

namespace GitOpsAgent.Forges;

/// <summary>
/// Bitbucket Cloud's API 2.0: build statuses on a commit
/// (https://developer.atlassian.com/cloud/bitbucket/rest/api-group-commit-statuses/#api-repositories-workspace-repo-slug-commit-commit-statuses-build-post):
/// key (at most 40 characters, one per context), state INPROGRESS/SUCCESSFUL/FAILED, name, url (required), description.
/// An access token is sent as Bearer; with a username, as basic authentication (app passwords and API tokens).
/// </summary>
public sealed class BitbucketClient(OutboundHttp http, Uri apiBase, string token, string? username) : IForgeClient
{
    private const int MaxKeyLength = 40;

    public ForgeKind Kind => ForgeKind.Bitbucket;

    public async Task SetCommitStatusAsync(string repositoryPath, string sha, CommitStatus status, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(status);
        var body = new JsonObject
        {
            ["key"] = Key(status.Context),
            ["state"] = status.State switch { CommitState.Pending => "INPROGRESS", CommitState.Success => "SUCCESSFUL", _ => "FAILED" },
            ["name"] = status.Context,
            ["description"] = status.ShortDescription,
            ["url"] = status.TargetUrl ?? $"https://bitbucket.org/{repositoryPath}/commits/{sha}",
        };
        var uri = new Uri($"{apiBase.AbsoluteUri.TrimEnd('/')}/repositories/{repositoryPath}/commit/{sha}/statuses/build");
        await http.SendJsonAsync(HttpMethod.Post, uri, body, headers => headers.Authorization = username is null
            ? new AuthenticationHeaderValue("Bearer", token)
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{token}"))), showPath: true, ct);
    }

    public Task<string?> UpsertPullRequestCommentAsync(string repositoryPath, long number, string marker, string body, CancellationToken ct) =>
        throw new NotSupportedException("pull-request previews are posted to GitHub, GitLab and Gitea");

    /// <summary>The context when it fits, else a readable prefix and a hash of the whole (one stable key per context).</summary>
    internal static string Key(string context)
    {
        if (context.Length <= MaxKeyLength)
        {
            return context;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(context)))[..10];
        return context[..(MaxKeyLength - hash.Length - 1)] + "-" + hash;
    }
}
