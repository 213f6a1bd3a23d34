namespace GitOpsAgent.Chart.Tests;

public class CrdCopyTests
{
    private const string RefreshHint = "Refresh the chart's copy with: cp crds/*.yaml charts/gitops-agent/crds/";

    public static TheoryData<string> Crds() => new(Directory.GetFiles(RepositoryPaths.InRoot("crds"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Crds))]
    public void ChartCrd_ComparedWithRepositoryCrd_IsByteIdentical(string file)
    {
        var source = RepositoryPaths.InRoot("crds", file);
        var copy = RepositoryPaths.InChart("crds", file);

        Assert.True(File.Exists(copy), $"{copy} is missing. {RefreshHint}");
        Assert.True(
            File.ReadAllBytes(source).AsSpan().SequenceEqual(File.ReadAllBytes(copy)),
            $"charts/gitops-agent/crds/{file} differs from crds/{file} (the single source). {RefreshHint}");
    }

    [Fact]
    public void Crds_AreTheApplicationAndNotificationKinds() =>
        Assert.Equal(
            ["applications.gitopsagent.io.yaml", "notifications.gitopsagent.io.yaml"],
            Directory.GetFiles(RepositoryPaths.InRoot("crds"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal));

    [Fact]
    public void ChartCrdsFolder_ComparedWithRepositoryCrds_HoldsTheSameFiles()
    {
        static string[] Names(string dir) => Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

        Assert.Equal(Names(RepositoryPaths.InRoot("crds")), Names(RepositoryPaths.InChart("crds")));
    }
}
