using GitOpsAgent.Git;

namespace GitOpsAgent.Forges;

/// <summary>Where a forge's API is and how it names a repository, from a repository URL or a configured web address.</summary>
public static class ForgeAddress
{
    /// <summary>
    /// The API base of the forge at <paramref name="webUrl"/> (https://github.com, https://gitlab.example.com, ...):
    /// api.github.com for github.com and HOST/api/v3 for GitHub Enterprise, HOST/api/v4 for GitLab, HOST/api/v1 for
    /// Gitea, api.bitbucket.org/2.0 for Bitbucket Cloud.
    /// </summary>
    public static Uri ApiBase(ForgeKind kind, string webUrl)
    {
        ArgumentNullException.ThrowIfNull(webUrl);
        var web = new Uri(webUrl.TrimEnd('/') + "/");
        var root = web.GetLeftPart(UriPartial.Authority) + web.AbsolutePath.TrimEnd('/');
        return kind switch
        {
            ForgeKind.GitHub when web.Host == "github.com" => new Uri("https://api.github.com"),
            ForgeKind.GitHub => new Uri(root + "/api/v3"),
            ForgeKind.GitLab => new Uri(root + "/api/v4"),
            ForgeKind.Gitea => new Uri(root + "/api/v1"),
            _ when web.Host == "bitbucket.org" => new Uri("https://api.bitbucket.org/2.0"),
            _ => new Uri(root + "/2.0"),
        };
    }

    /// <summary>"https://HOST" of a repository URL (any scheme: ssh, scp-like and git:// name the host too).</summary>
    public static string WebUrl(string repoUrl) => "https://" + Host(repoUrl);

    /// <summary>The host a repository URL names, lowercased, without port ("github.com").</summary>
    public static string Host(string repoUrl)
    {
        var normalized = RepoUrl.Normalize(repoUrl);
        var authority = normalized.Split('/', 2)[0];
        var colon = authority.LastIndexOf(':');
        return colon > 0 && !authority.EndsWith(']') ? authority[..colon] : authority;
    }

    /// <summary>The forge's name for the repository: the URL's path without ".git" ("acme/guestbook", "group/sub/project").</summary>
    public static string RepositoryPath(string repoUrl)
    {
        var normalized = RepoUrl.Normalize(repoUrl);
        var slash = normalized.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "" : normalized[(slash + 1)..];
    }
}
