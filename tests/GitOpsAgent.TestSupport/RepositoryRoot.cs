namespace GitOpsAgent.TestSupport;

/// <summary>The repository root (the folder holding GitOpsAgent.sln), found from the test binaries.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    /// <summary>A path below the root.</summary>
    public static string In(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "GitOpsAgent.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("GitOpsAgent.sln not found above " + AppContext.BaseDirectory);
    }
}
