namespace GitOpsAgent.Chart.Tests;

public class CrdCopyTests
{
    private const string RefreshHint = "Refresh the chart's copy with: cp crds/*.yaml charts/gitops-agent/crds/";

    [Fact]
    public void ChartCrd_ComparedWithRepositoryCrd_IsByteIdentical()
    {
        var source = RepositoryPaths.InRoot("crds", "applications.gitopsagent.io.yaml");
        var copy = RepositoryPaths.InChart("crds", "applications.gitopsagent.io.yaml");

        Assert.True(File.Exists(copy), $"{copy} is missing. {RefreshHint}");
        Assert.True(
            File.ReadAllBytes(source).AsSpan().SequenceEqual(File.ReadAllBytes(copy)),
            $"charts/gitops-agent/crds/applications.gitopsagent.io.yaml differs from crds/applications.gitopsagent.io.yaml (the single source). {RefreshHint}");
    }

    [Fact]
    public void ChartCrdsFolder_ComparedWithRepositoryCrds_HoldsTheSameFiles()
    {
        static string[] Names(string dir) => Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

        Assert.Equal(Names(RepositoryPaths.InRoot("crds")), Names(RepositoryPaths.InChart("crds")));
    }
}
