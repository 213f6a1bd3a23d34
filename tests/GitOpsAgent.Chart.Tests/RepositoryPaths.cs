using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Chart.Tests;

/// <summary>Files of the repository under test, found from the test binary's folder.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding GitOpsAgent.sln.</summary>
    public static string Root => RepositoryRoot.Path;

    public static string Chart => Path.Combine(Root, "charts", "gitops-agent");

    public static string InChart(params string[] parts) => Path.Combine([Chart, .. parts]);

    public static string InRoot(params string[] parts) => Path.Combine([Root, .. parts]);
}
