namespace GitOpsAgent.Git;

/// <summary>Repository URL forms: one key per repository whatever the scheme, and a log-safe rendering.</summary>
public static class RepoUrl
{
    /// <summary>
    /// https://host/org/repo(.git), ssh://git@host/org/repo.git, git@host:org/repo.git and git://host/org/repo all become
    /// "host/org/repo" (host lowercased, default ports and userinfo dropped, path case kept).
    /// </summary>
    public static string Normalize(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var (scheme, host, port, path) = Split(url.Trim());
        path = path.Trim('/');
        if (path.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
            path = path[..^4];
        path = path.TrimEnd('/');
        var hostPart = host.ToLowerInvariant();
        if (port.Length > 0 && !IsDefaultPort(scheme, port))
            hostPart += ":" + port;
        return hostPart.Length == 0 ? path : path.Length == 0 ? hostPart : hostPart + "/" + path;
    }

    /// <summary>The URL without userinfo, query or fragment: safe for logs, messages and metric labels.</summary>
    public static string Redact(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var trimmed = url.Trim();
        var schemeEnd = trimmed.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            // scp-like user@host:path; the user is not a secret but Redact promises no userinfo at all.
            var at = trimmed.IndexOf('@', StringComparison.Ordinal);
            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            return at >= 0 && (colon < 0 || at < colon) ? trimmed[(at + 1)..] : trimmed;
        }

        var cut = trimmed.IndexOfAny(['?', '#']);
        if (cut >= 0)
            trimmed = trimmed[..cut];
        var authorityStart = schemeEnd + 3;
        var pathStart = trimmed.IndexOf('/', authorityStart);
        var authority = pathStart < 0 ? trimmed[authorityStart..] : trimmed[authorityStart..pathStart];
        var lastAt = authority.LastIndexOf('@');
        if (lastAt < 0)
            return trimmed;
        return string.Concat(trimmed.AsSpan(0, authorityStart), authority.AsSpan(lastAt + 1), pathStart < 0 ? "" : trimmed[pathStart..]);
    }

    /// <summary>The username and password in a URL's userinfo, when it has them (https://user:token@host/...).</summary>
    public static (string? Username, string? Password) UserInfo(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
            return (null, null);
        var authorityStart = schemeEnd + 3;
        var pathStart = url.IndexOf('/', authorityStart);
        var authority = pathStart < 0 ? url[authorityStart..] : url[authorityStart..pathStart];
        var lastAt = authority.LastIndexOf('@');
        if (lastAt < 0)
            return (null, null);
        var userInfo = authority[..lastAt];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? (Uri.UnescapeDataString(userInfo), null)
            : (Uri.UnescapeDataString(userInfo[..colon]), Uri.UnescapeDataString(userInfo[(colon + 1)..]));
    }

    internal static (string Scheme, string Host, string Port, string Path) Split(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            // scp-like: [user@]host:path
            var withoutUser = url[(url.IndexOf('@', StringComparison.Ordinal) + 1)..];
            var colon = withoutUser.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? ("", "", "", withoutUser) : ("ssh", withoutUser[..colon], "", withoutUser[(colon + 1)..]);
        }

        var scheme = url[..schemeEnd].ToLowerInvariant();
        var rest = url[(schemeEnd + 3)..];
        var cut = rest.IndexOfAny(['?', '#']);
        if (cut >= 0)
            rest = rest[..cut];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? "" : rest[slash..];
        authority = authority[(authority.LastIndexOf('@') + 1)..];
        var portColon = authority.LastIndexOf(':');
        var bracketEnd = authority.LastIndexOf(']');
        if (portColon > bracketEnd && portColon >= 0)
            return (scheme, authority[..portColon], authority[(portColon + 1)..], path);
        return (scheme, authority, "", path);
    }

    private static bool IsDefaultPort(string scheme, string port) => (scheme, port) switch
    {
        ("https", "443") or ("http", "80") or ("ssh", "22") or ("git", "9418") => true,
        _ => false,
    };
}
