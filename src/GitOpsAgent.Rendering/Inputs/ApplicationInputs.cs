namespace GitOpsAgent.Rendering.Inputs;

/// <summary>
/// What an Application's render reads from its repository, as paths relative to the repository root with '/'
/// separators: single files, and trees (directories read whole, such as a Helm chart). A path the render may read
/// through a symlink is listed both as the link and as where it leads. A change between two revisions is judged
/// against the union of both revisions' inputs: a manifest file added at the new one is an input there, one removed
/// was an input at the old one.
/// </summary>
public sealed class ApplicationInputs
{
    public ApplicationInputs(IEnumerable<string> files, IEnumerable<string> trees)
    {
        Files = files.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        Trees = trees.Select(Normalize).ToHashSet(StringComparer.Ordinal);
    }

    public IReadOnlySet<string> Files { get; }

    /// <summary>Directories every file of which (at any depth) is an input; "" is the whole repository.</summary>
    public IReadOnlySet<string> Trees { get; }

    /// <summary>Whether a change to <paramref name="path"/> (a file added, removed or edited) can change the render.</summary>
    public bool Contains(string path)
    {
        var normalized = Normalize(path);
        return Files.Contains(normalized) || Trees.Any(tree => tree.Length == 0 || normalized == tree || normalized.StartsWith(tree + "/", StringComparison.Ordinal));
    }

    /// <summary>The changed paths that are inputs (for a monorepo commit: which Applications to render again).</summary>
    public IReadOnlyList<string> Touched(IEnumerable<string> changedPaths) => changedPaths.Where(Contains).ToList();

    /// <summary>The inputs of either: an Application is affected by a change between two revisions when it touches the inputs of either one.</summary>
    public ApplicationInputs Union(ApplicationInputs other) => new(Files.Concat(other.Files), Trees.Concat(other.Trees));

    private static string Normalize(string path)
    {
        var trimmed = path.Replace('\\', '/').Trim('/');
        return trimmed == "." ? "" : trimmed;
    }
}
