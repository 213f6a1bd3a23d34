namespace GitOpsAgent.Git;

/// <summary>
/// The one path sandbox of a repository checkout (or a local directory the CLI renders): every path a renderer or the
/// controller reads is judged by where it really lands, with every symlink resolved at every level. Errors are
/// <see cref="GitSourceException"/>s with <see cref="GitFailureReason.InvalidPath"/>; they name paths relative to the
/// repository and never say where an escaping link points.
/// </summary>
public sealed class RepositorySandbox
{
    private const int MaxSymlinkHops = 40;

    public RepositorySandbox(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        RealRoot = RealPath(Root);
    }

    /// <summary>The repository root as given, made absolute.</summary>
    public string Root { get; }

    /// <summary>The repository root with symlinks resolved.</summary>
    public string RealRoot { get; }

    /// <summary>
    /// The literal absolute path of <paramref name="relative"/> under <paramref name="baseDirectory"/> (a path a
    /// repository file names, such as a values file or a kustomize base: ".." is allowed while it stays inside).
    /// Refuses rooted paths and paths that leave the repository literally or through a symlink.
    /// </summary>
    public string Resolve(string baseDirectory, string relative, string what)
    {
        ArgumentNullException.ThrowIfNull(relative);
        if (Path.IsPathRooted(relative))
            throw Invalid($"{what} \"{relative}\" must be a path relative to the repository");
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(baseDirectory, relative)));
        EnsureInside(full, what);
        return full;
    }

    /// <summary>Refuses a path that, literally or after following every symlink on the way, lies outside the repository.</summary>
    public void EnsureInside(string fullPath, string what)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        var literallyInside = IsUnder(fullPath, Root) || IsUnder(fullPath, RealRoot);
        if (!literallyInside || !IsUnder(RealPath(fullPath), RealRoot))
            throw Invalid($"{what} \"{Relative(fullPath)}\" points outside the repository");
    }

    /// <summary>
    /// An Application's source path (null, "" or "." for the root) as a canonical directory or file inside the
    /// repository: no absolute path, no "..", it must exist, and no symlink reachable from it may leave the repository.
    /// </summary>
    public string ResolveSourcePath(string? relativePath)
    {
        var path = (relativePath ?? "").Replace('\\', '/').Trim();
        if (path.StartsWith('/') || Path.IsPathRooted(path))
            throw InvalidSourcePath(relativePath, "must be relative to the repository root");
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Contains(".."))
            throw InvalidSourcePath(relativePath, "must not contain '..'");

        var target = RealPath(segments.Length == 0 ? RealRoot : Path.Combine(RealRoot, Path.Combine(segments)));
        if (!IsUnder(target, RealRoot))
            throw InvalidSourcePath(relativePath, "resolves outside the repository through a symlink");
        if (!Directory.Exists(target) && !File.Exists(target))
            throw InvalidSourcePath(relativePath, "does not exist in the repository");
        if (Directory.Exists(target))
            EnsureNoEscapingLinks(target);
        return target;
    }

    /// <summary>
    /// Refuses a directory tree holding a symlink that resolves outside the repository: every entry below
    /// <paramref name="directory"/> (the whole repository when null), and every in-repository directory a link below
    /// it leads to, so a link into another directory that holds an escaping link is caught too. ".git" is skipped.
    /// </summary>
    public void EnsureNoEscapingLinks(string? directory = null)
    {
        var start = RealPath(directory ?? RealRoot);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(start);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!visited.Add(current))
                continue;
            foreach (var entry in new DirectoryInfo(current).EnumerateFileSystemInfos())
            {
                if (entry.Name == ".git")
                    continue;
                if ((entry.Attributes & FileAttributes.ReparsePoint) == 0)
                {
                    if (entry is DirectoryInfo)
                        pending.Push(entry.FullName);
                    continue;
                }

                // current is a real path, so the link's own location is already canonical.
                var real = RealPath(entry.FullName);
                if (!IsUnder(real, RealRoot))
                    throw Invalid($"symlink \"{Relative(entry.FullName)}\" points outside the repository");
                if (Directory.Exists(real))
                    pending.Push(real);
            }
        }
    }

    /// <summary>The path relative to the repository root with '/' separators ("" for the root), as sources are reported.</summary>
    public string Relative(string fullPath)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        var root = IsUnder(fullPath, Root) ? Root : RealRoot;
        var relative = Path.GetRelativePath(root, fullPath).Replace('\\', '/');
        return relative == "." ? "" : relative;
    }

    /// <summary>realpath(3) that also accepts a missing tail: follows every symlink component, so a path is judged by where it really lands.</summary>
    public static string RealPath(string absolutePath)
    {
        ArgumentNullException.ThrowIfNull(absolutePath);
        var remaining = new Stack<string>(absolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var resolved = new List<string>();
        var hops = 0;
        while (remaining.Count > 0)
        {
            var segment = remaining.Pop();
            if (segment == ".")
                continue;
            if (segment == "..")
            {
                if (resolved.Count > 0)
                    resolved.RemoveAt(resolved.Count - 1);
                continue;
            }

            var candidate = "/" + string.Join('/', resolved.Append(segment));
            var linkTarget = new FileInfo(candidate).LinkTarget;
            if (linkTarget is null)
            {
                resolved.Add(segment);
                continue;
            }

            if (++hops > MaxSymlinkHops)
                throw Invalid($"too many levels of symbolic links at \"{Path.GetFileName(candidate)}\"");
            if (linkTarget.StartsWith('/'))
                resolved.Clear();
            foreach (var part in linkTarget.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                remaining.Push(part);
        }

        return "/" + string.Join('/', resolved);
    }

    private static bool IsUnder(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    private static GitSourceException Invalid(string message) => new(GitFailureReason.InvalidPath, message);

    private static GitSourceException InvalidSourcePath(string? relativePath, string why) =>
        new(GitFailureReason.InvalidPath, $"Path '{relativePath}' {why}.");
}
