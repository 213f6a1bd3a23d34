namespace GitOpsAgent.Conformance.Rendering;

/// <summary>Finds the shared conformance data (a sibling "shared/conformance" of the repository or of one of its parents); never copied into the repo.</summary>
internal static class RenderConformanceData
{
    public const string AbsentReason = "shared/conformance was not found next to the repository (walked up from the test's base directory)";

    private static readonly Lazy<string?> Root = new(FindRoot);

    /// <summary>The repos folder of the conformance data, or null when it is absent.</summary>
    public static string? ReposDirectory => Root.Value is { } root && Directory.Exists(Path.Combine(root, "repos")) ? Path.Combine(root, "repos") : null;

    private static string? FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "conformance");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Every "&lt;dir&gt;.rendered.yaml" reference, as a path relative to the repos folder with '/' separators.</summary>
    public static IEnumerable<string> KustomizeReferences() =>
        ReposDirectory is { } repos
            ? Directory.EnumerateFiles(repos, "*.rendered.yaml", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(repos, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)
            : [];

    /// <summary>Whether an executable of that name is on PATH.</summary>
    public static bool IsOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, name)));

    /// <summary>Splits "repo/some/dir" into the repository root and the path inside it.</summary>
    public static (string RepositoryRoot, string Path) Split(string repos, string relativeDirectory)
    {
        var slash = relativeDirectory.IndexOf('/', StringComparison.Ordinal);
        return (System.IO.Path.Combine(repos, relativeDirectory[..slash]), relativeDirectory[(slash + 1)..]);
    }
}
