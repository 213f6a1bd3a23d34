using System.Globalization;

namespace GitOpsAgent.Git;

/// <summary>The server a remote URL talks to: what per-server limits and probes are keyed by, and how messages name it (no userinfo).</summary>
internal sealed record GitServer(string Scheme, string Host, int Port)
{
    /// <summary>"host:port", lowercased.</summary>
    public string Name => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The server of a remote URL; null for a local repository.</summary>
    public static GitServer? Of(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (RepositoryUrlPolicy.LocalPath(url) is not null)
            return null;
        var (scheme, host, port, _) = RepoUrl.Split(url.Trim());
        scheme = scheme is "git+ssh" or "ssh+git" ? "ssh" : scheme;
        var number = int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : DefaultPort(scheme);
        return new GitServer(scheme, host.ToLowerInvariant(), number);
    }

    private static int DefaultPort(string scheme) => scheme switch
    {
        "https" => 443,
        "http" => 80,
        "git" => 9418,
        _ => 22,
    };
}
