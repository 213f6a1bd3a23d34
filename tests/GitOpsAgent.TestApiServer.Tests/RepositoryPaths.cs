namespace GitOpsAgent.TestApiServer.Tests;

/// <summary>Finds the repository root (the folder with GitOpsAgent.sln) from the test's base directory.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GitOpsAgent.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("GitOpsAgent.sln not found above " + AppContext.BaseDirectory);
    }
}
