namespace GitOpsAgent.Rendering;

/// <summary>Keeps every file a render touches inside the repository checkout, symlinks included.</summary>
internal sealed class RepositoryPaths
{
    private const int MaxLinkHops = 40;

    public RepositoryPaths(string repositoryRoot)
    {
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryRoot));
        RealRoot = RealPath(Root);
    }

    /// <summary>The repository root as given, made absolute.</summary>
    public string Root { get; }

    /// <summary>The repository root with symlinks resolved.</summary>
    public string RealRoot { get; }

    /// <summary>An absolute path for <paramref name="relative"/> under <paramref name="baseDirectory"/>; refuses rooted paths and escapes.</summary>
    public string Resolve(string baseDirectory, string relative, string what)
    {
        if (Path.IsPathRooted(relative))
        {
            throw new RenderException(RenderFailureReason.PathOutsideRepository, $"{what} \"{relative}\" must be a path relative to the repository");
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(baseDirectory, relative)));
        EnsureInside(full, what);
        return full;
    }

    /// <summary>Refuses a path that, literally or after following symlinks, lies outside the repository.</summary>
    public void EnsureInside(string fullPath, string what)
    {
        if (!IsUnder(fullPath, Root) || !IsUnder(RealPath(fullPath), RealRoot))
        {
            throw new RenderException(RenderFailureReason.PathOutsideRepository, $"{what} \"{Relative(fullPath)}\" points outside the repository");
        }
    }

    /// <summary>The path relative to the repository root with '/' separators, as sources are reported.</summary>
    public string Relative(string fullPath)
    {
        var relative = Path.GetRelativePath(Root, fullPath).Replace('\\', '/');
        return relative == "." ? "" : relative;
    }

    private static bool IsUnder(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symlink on the way resolved (realpath); parts that do not exist are kept as they are.</summary>
    internal static string RealPath(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? "/";
        var pending = new Stack<string>(fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = root;
        var hops = 0;
        while (pending.Count > 0)
        {
            var segment = pending.Pop();
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }

            var next = Path.Combine(current, segment);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                if (++hops > MaxLinkHops)
                {
                    throw new RenderException(RenderFailureReason.PathOutsideRepository, $"too many levels of symbolic links at \"{next}\"");
                }

                // Re-walk the link target, which may itself hold links or "..".
                var targetFull = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
                var targetRoot = Path.GetPathRoot(targetFull) ?? root;
                foreach (var part in targetFull[targetRoot.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    pending.Push(part);
                }

                current = targetRoot;
                continue;
            }

            current = next;
        }

        return Path.TrimEndingDirectorySeparator(current);
    }
}
