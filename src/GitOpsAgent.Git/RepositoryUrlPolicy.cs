namespace GitOpsAgent.Git;

/// <summary>
/// Which repository URLs may reach git. Remote https, http, ssh (also scp-like user@host:path) and git:// URLs are
/// allowed. A local repository (file:// or a path) is refused unless it lies under a directory the controller was
/// started with (--allow-local-repositories), and never inside the controller's own Git cache: otherwise an
/// Application could deploy another team's private repository from its mirror. Remote-helper transports
/// (transport::address), other schemes and anything git could read as an option (a leading '-') are refused.
/// </summary>
public sealed class RepositoryUrlPolicy
{
    private static readonly HashSet<string> RemoteSchemes = new(StringComparer.Ordinal) { "https", "http", "ssh", "git", "git+ssh", "ssh+git" };

    private readonly IReadOnlyList<string> _allowedLocalRoots;
    private readonly string _cacheRoot;

    public RepositoryUrlPolicy(IEnumerable<string> allowedLocalRoots, string cacheRoot)
    {
        ArgumentNullException.ThrowIfNull(allowedLocalRoots);
        ArgumentException.ThrowIfNullOrEmpty(cacheRoot);
        _allowedLocalRoots = allowedLocalRoots.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => RepositorySandbox.RealPath(Path.GetFullPath(r))).ToList();
        _cacheRoot = RepositorySandbox.RealPath(Path.GetFullPath(cacheRoot));
    }

    /// <summary>True when any local directory is allowed, so git's file transport must stay enabled.</summary>
    public bool AllowsLocalRepositories => _allowedLocalRoots.Count > 0;

    /// <summary>Throws <see cref="GitSourceException"/> with <see cref="GitFailureReason.UrlNotAllowed"/> for a URL git must not see.</summary>
    public void Check(string repoUrl)
    {
        ArgumentNullException.ThrowIfNull(repoUrl);
        var url = repoUrl.Trim();
        var shown = RepoUrl.Redact(url);
        if (url.Length == 0)
            throw Refused("the repository URL is empty");
        if (url.StartsWith('-'))
            throw Refused($"repository URL \"{shown}\" starts with '-', which git would read as an option");
        if (url.Any(char.IsControl))
            throw Refused($"repository URL \"{shown}\" holds control characters");
        if (LocalPath(url) is not { } local)
            return;

        var real = RepositorySandbox.RealPath(Path.GetFullPath(local));
        if (IsUnder(real, _cacheRoot))
            throw Refused($"repository URL \"{shown}\" points into the controller's own Git cache, which holds other Applications' repositories");
        if (!_allowedLocalRoots.Any(root => IsUnder(real, root)))
        {
            throw Refused(
                $"repository URL \"{shown}\" is a local repository; the controller reads local repositories only under directories it was started with (--allow-local-repositories DIR)");
        }
    }

    /// <summary>The local path a URL names (file:// or a plain path), or null for a remote URL; throws for a scheme or transport git must not use.</summary>
    public static string? LocalPath(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var firstSlash = url.IndexOf('/', StringComparison.Ordinal);
        var helper = url.IndexOf("::", StringComparison.Ordinal);
        if (helper >= 0 && (schemeEnd < 0 || helper < schemeEnd) && (firstSlash < 0 || helper < firstSlash))
            throw Refused($"repository URL \"{RepoUrl.Redact(url)}\" uses a git remote-helper transport, which is not allowed");
        if (schemeEnd >= 0)
        {
            var scheme = url[..schemeEnd].ToLowerInvariant();
            if (RemoteSchemes.Contains(scheme))
                return null;
            if (scheme != "file")
                throw Refused($"repository URL \"{RepoUrl.Redact(url)}\" uses the scheme \"{scheme}\"; use https, http, ssh or git");
            var rest = url[(schemeEnd + 3)..];
            var pathStart = rest.IndexOf('/', StringComparison.Ordinal);
            return pathStart < 0 ? "/" : Uri.UnescapeDataString(rest[pathStart..]);
        }

        // git's own rule: a colon before any slash makes [user@]host:path an ssh address; anything else is a path.
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && (firstSlash < 0 || colon < firstSlash) ? null : url;
    }

    private static bool IsUnder(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    private static GitSourceException Refused(string message) => new(GitFailureReason.UrlNotAllowed, message + ".");
}
