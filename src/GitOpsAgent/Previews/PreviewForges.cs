using GitOpsAgent.Controller;
using GitOpsAgent.Forges;
using GitOpsAgent.Git;
using GitOpsAgent.Outbound;

namespace GitOpsAgent.Previews;

/// <summary>A forge the controller posts previews to: its web address and the token (from the controller's own configuration).</summary>
public sealed record ForgeConnection(ForgeKind Kind, string WebUrl, string Token)
{
    public override string ToString() => $"ForgeConnection({Kind}, {WebUrl}, ***)";
}

/// <summary>
/// The configured forges. A pull request gets a client only when its provider has a token and its repository lives on
/// that forge's host: the API address always comes from configuration, never from a payload, so a token is only ever
/// sent to the forge it was made for.
/// </summary>
public sealed class PreviewForges(IReadOnlyList<ForgeConnection> connections, OutboundHttp http)
{
    public bool Any => connections.Count > 0;

    public static PreviewForges From(ControllerOptions options, OutboundHttp http)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connections = new List<ForgeConnection>();
        Add(ForgeKind.GitHub, options.PreviewGitHubUrl, options.PreviewGitHubToken);
        Add(ForgeKind.GitLab, options.PreviewGitLabUrl, options.PreviewGitLabToken);
        Add(ForgeKind.Gitea, options.PreviewGiteaUrl, options.PreviewGiteaToken);
        return new PreviewForges(connections, http);

        void Add(ForgeKind kind, string? url, string? token)
        {
            if (!string.IsNullOrEmpty(token) && !string.IsNullOrEmpty(url))
            {
                connections.Add(new ForgeConnection(kind, url, token));
            }
        }
    }

    /// <summary>The client for the pull request's forge, or null (no token for it, or its repository is on another host).</summary>
    public IForgeClient? For(PullRequestEvent pr)
    {
        ArgumentNullException.ThrowIfNull(pr);
        var kind = pr.Provider switch
        {
            WebhookParser.GitHub => ForgeKind.GitHub,
            WebhookParser.GitLab => ForgeKind.GitLab,
            WebhookParser.Gitea => ForgeKind.Gitea,
            _ => (ForgeKind?)null,
        };
        var connection = connections.FirstOrDefault(c => c.Kind == kind);
        if (connection is null || !pr.RepositoryUrls.Any(url => ForgeAddress.Host(url) == ForgeAddress.Host(connection.WebUrl)))
        {
            return null;
        }

        return ForgeClients.Create(connection.Kind, http, ForgeAddress.ApiBase(connection.Kind, connection.WebUrl), connection.Token);
    }
}
