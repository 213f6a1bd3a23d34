namespace GitOpsAgent.Git;

/// <summary>Turns an Application's source path into a directory that is guaranteed to stay inside the checkout.</summary>
public static class RepositoryPath
{
    private const int MaxSymlinkHops = 40;

    /// <summary>
    /// Resolves <paramref name="relativePath"/> (null, "" or "." for the root) inside the checkout. Rejects absolute paths,
    /// ".." segments, and symlinks anywhere along the path or inside the target directory that resolve outside the checkout.
    /// </summary>
    /// <exception cref="GitSourceException">With <see cref="GitFailureReason.InvalidPath"/>.</exception>
    public static string ResolveInside(string checkoutDirectory, string? relativePath)
    {
        ArgumentNullException.ThrowIfNull(checkoutDirectory);
        var root = Canonicalize(Path.GetFullPath(checkoutDirectory));
        var path = (relativePath ?? "").Replace('\\', '/').Trim();
        if (path.StartsWith('/') || Path.IsPathRooted(path))
            throw Invalid(relativePath, "must be relative to the repository root");

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Contains(".."))
            throw Invalid(relativePath, "must not contain '..'");

        var target = Canonicalize(segments.Length == 0 ? root : Path.Combine(root, Path.Combine(segments)));
        if (!IsInside(root, target))
            throw Invalid(relativePath, "resolves outside the repository through a symlink");
        if (!Directory.Exists(target) && !File.Exists(target))
            throw Invalid(relativePath, "does not exist in the repository");
        if (Directory.Exists(target))
            RejectEscapingLinksBelow(root, target, relativePath);
        return target;
    }

    private static void RejectEscapingLinksBelow(string root, string directory, string? relativePath)
    {
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.Count > 0)
        {
            foreach (var entry in new DirectoryInfo(pending.Pop()).EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null)
                {
                    if (!IsInside(root, Canonicalize(entry.FullName)))
                        throw Invalid(relativePath, $"contains a symlink '{Path.GetRelativePath(root, entry.FullName)}' pointing outside the repository");
                }
                else if (entry is DirectoryInfo subdirectory)
                {
                    pending.Push(subdirectory.FullName);
                }
            }
        }
    }

    /// <summary>realpath(3) that also accepts a missing tail: follows every symlink component, so a path is judged by where it really lands.</summary>
    internal static string Canonicalize(string absolutePath)
    {
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
                throw new GitSourceException(GitFailureReason.InvalidPath, $"Too many levels of symbolic links at '{candidate}'.");
            if (linkTarget.StartsWith('/'))
                resolved.Clear();
            foreach (var part in linkTarget.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                remaining.Push(part);
        }

        return "/" + string.Join('/', resolved);
    }

    private static bool IsInside(string root, string path) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    private static GitSourceException Invalid(string? relativePath, string why) =>
        new(GitFailureReason.InvalidPath, $"Path '{relativePath}' {why}.");
}
