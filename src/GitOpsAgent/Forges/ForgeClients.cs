using GitOpsAgent.Outbound;

namespace GitOpsAgent.Forges;

/// <summary>Builds the client of a forge kind at an API base with a token.</summary>
public static class ForgeClients
{
    public static IForgeClient Create(ForgeKind kind, OutboundHttp http, Uri apiBase, string token, string? username = null) => kind switch
    {
        ForgeKind.GitHub => GitHubClient.ForGitHub(http, apiBase, token),
        ForgeKind.GitLab => new GitLabClient(http, apiBase, token),
        ForgeKind.Gitea => GitHubClient.ForGitea(http, apiBase, token),
        _ => new BitbucketClient(http, apiBase, token, username),
    };
}
