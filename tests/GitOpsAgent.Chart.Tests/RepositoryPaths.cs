namespace GitOpsAgent.Chart.Tests;

/// <summary>Files of the repository under test, found from the test binary's folder.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding GitOpsAgent.sln.</summary>
    public static string Root => LazyRoot.Value;

    public static string Chart => Path.Combine(Root, "charts", "gitops-agent");

    public static string InChart(params string[] parts) => Path.Combine([Chart, .. parts]);

    public static string InRoot(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GitOpsAgent.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No GitOpsAgent.sln above {AppContext.BaseDirectory}.");
    }
}
