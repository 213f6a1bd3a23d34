namespace GitOpsAgent.Chart.Tests;

/// <summary>
/// crds/ is the single source of the CRD; the chart installs and upgrades it from a byte-identical copy in
/// files/crds (templates/crds.yaml reads it), never from Helm's crds/ folder, which Helm installs once and never upgrades.
/// </summary>
public class CrdCopyTests
{
    private const string RefreshHint = "Refresh the chart's copy with: cp crds/*.yaml charts/gitops-agent/files/crds/";

    public static TheoryData<string> Crds() => new(Directory.GetFiles(RepositoryPaths.InRoot("crds"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Crds))]
    public void ChartCrd_ComparedWithRepositoryCrd_IsByteIdentical(string file)
    {
        var source = RepositoryPaths.InRoot("crds", file);
        var copy = RepositoryPaths.InChart("files", "crds", file);

        Assert.True(File.Exists(copy), $"{copy} is missing. {RefreshHint}");
        Assert.True(
            File.ReadAllBytes(source).AsSpan().SequenceEqual(File.ReadAllBytes(copy)),
            $"charts/gitops-agent/files/crds/{file} differs from crds/{file} (the single source). {RefreshHint}");
    }

    [Fact]
    public void Crds_AreTheApplicationPolicyAndNotificationKinds() =>
        Assert.Equal(
            ["applications.gitopsagent.io.yaml", "apppolicies.gitopsagent.io.yaml", "notifications.gitopsagent.io.yaml"],
            Directory.GetFiles(RepositoryPaths.InRoot("crds"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal));

    [Fact]
    public void ChartCrdsFolder_ComparedWithRepositoryCrds_HoldsTheSameFiles()
    {
        static string[] Names(string dir) => Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

        Assert.Equal(Names(RepositoryPaths.InRoot("crds")), Names(RepositoryPaths.InChart("files", "crds")));
    }

    [Fact]
    public void Chart_HasNoHelmCrdsFolder_SoTheTemplateIsTheOnlyWayTheCrdIsInstalled()
    {
        // Helm would install a crds/ folder first, then the template's copy would clash with it.
        Assert.False(Directory.Exists(RepositoryPaths.InChart("crds")), "charts/gitops-agent/crds/ must not exist: the CRD is templates/crds.yaml");
    }
}
