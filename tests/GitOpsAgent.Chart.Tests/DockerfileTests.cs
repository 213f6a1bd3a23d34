using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace GitOpsAgent.Chart.Tests;

/// <summary>No Docker engine runs here, so the Dockerfile is held to its contract by reading it.</summary>
public partial class DockerfileTests
{
    private static string Dockerfile() => File.ReadAllText(RepositoryPaths.InRoot("Dockerfile"));

    [Fact]
    public void RestoreLayer_EveryProjectUnderSrc_IsCopiedBeforeRestore()
    {
        var dockerfile = Dockerfile();
        var restore = dockerfile.IndexOf("RUN dotnet restore", StringComparison.Ordinal);
        var projects = Directory.GetFiles(RepositoryPaths.InRoot("src"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RepositoryPaths.Root, p).Replace('\\', '/'));

        Assert.True(restore > 0, "no `RUN dotnet restore` step");
        Assert.All(projects, project =>
        {
            var copy = dockerfile.IndexOf($"COPY {project} ", StringComparison.Ordinal);
            Assert.True(copy >= 0 && copy < restore, $"{project} is not copied before the restore step; add `COPY {project} {Path.GetDirectoryName(project)!.Replace('\\', '/')}/`");
        });
    }

    [Fact]
    public void Runtime_User_IsTheFixedNonRootUid()
    {
        Assert.Matches(@"(?m)^USER 10001:10001\s*$", Dockerfile());
    }

    [Fact]
    public void Runtime_EntrypointAndCmd_RunTheControllerDll()
    {
        var dockerfile = Dockerfile();

        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/gitops-agent.dll\"]", dockerfile, StringComparison.Ordinal);
        Assert.Contains("CMD [\"run\"]", dockerfile, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^HEALTHCHECK", dockerfile);
    }

    [Fact]
    public void VersionArg_Default_IsTheProjectVersion()
    {
        var projectVersion = XDocument.Load(RepositoryPaths.InRoot("Directory.Build.props")).Descendants("Version").Single().Value;

        Assert.Equal(projectVersion, VersionArg().Match(Dockerfile()).Groups[1].Value);
    }

    [Fact]
    public void ToolDownloads_EachArchive_IsChecksumVerified()
    {
        var dockerfile = Dockerfile();

        Assert.Equal(2, Regex.Count(dockerfile, @"curl -fsSLo"));
        Assert.Equal(2, Regex.Count(dockerfile, @"\| sha256sum -c -"));
    }

    [Theory]
    [InlineData("HELM_SHA256_AMD64")]
    [InlineData("HELM_SHA256_ARM64")]
    [InlineData("KUSTOMIZE_SHA256_AMD64")]
    [InlineData("KUSTOMIZE_SHA256_ARM64")]
    public void ToolChecksum_EachArchitecture_IsARealSha256NotAPlaceholder(string arg)
    {
        var value = Regex.Match(Dockerfile(), $@"(?m)^ARG {arg}=(\S*)\s*$").Groups[1].Value;

        Assert.Matches("^[0-9a-f]{64}$", value);
        Assert.NotEqual(new string('0', 64), value);
    }

    [Fact]
    public void DockerIgnore_BuildFilesAndSources_StayInTheContext()
    {
        var lines = File.ReadAllLines(RepositoryPaths.InRoot(".dockerignore"));

        foreach (var kept in new[] { "!src/", "!global.json", "!Directory.Build.props", "!Directory.Packages.props", "!.editorconfig" })
        {
            Assert.Contains(kept, lines);
        }

        Assert.Contains("**/bin/", lines);
        Assert.Contains("**/obj/", lines);
    }

    [GeneratedRegex(@"(?m)^ARG VERSION=(\S+)\s*$")]
    private static partial Regex VersionArg();
}
