namespace GitOpsAgent.TestApiServer.Tests;

/// <summary>
/// The shared conformance data (fixtures recorded from real API servers by peer projects), found beside an ancestor
/// of the test's base directory as shared/conformance; never copied into the repository.
/// </summary>
internal static class ConformanceData
{
    public static string? Directory { get; } = Find();

    public static string RequireDiffFixture(string name)
    {
        if (Directory is null)
        {
            Assert.Skip("conformance data not found (no shared/conformance beside an ancestor of the test directory)");
        }

        return Path.Combine(Directory, "diff", "fixtures", name);
    }

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
