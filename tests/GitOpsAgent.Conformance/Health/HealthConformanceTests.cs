using System.Text.Json.Nodes;
using GitOpsAgent.Core.Health;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Conformance.Health;

/// <summary>Our HealthAssessor against the statuses gitops-engine's own tests assert for its fixtures.</summary>
public sealed class HealthConformanceTests
{
    public static TheoryData<string> Cases => HealthConformanceCases.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Assess_GitOpsEngineFixture_MatchesExpectedStatus(string fixture)
    {
        if (fixture == HealthConformanceCases.Absent || HealthConformanceCases.Folder is null)
        {
            Assert.Skip("shared/conformance/health was not found next to the repository; conformance data is not part of the repo");
        }

        var path = Path.Combine(HealthConformanceCases.Folder, "fixtures", fixture);
        var obj = Assert.Single(LiveObjectReader.Read(File.ReadAllText(path), path).Objects);

        var result = HealthAssessor.Assess(obj);

        var expected = HealthConformanceCases.Expected[fixture];
        if (expected is null)
        {
            // gitops-engine has no check for this kind; any answer is accepted, but there must be one.
            Assert.NotNull(result);
            return;
        }

        Assert.NotNull(result);
        Assert.Equal(Enum.Parse<HealthStatus>(expected), result.Status);
    }

    // Fixtures are read as `gitops-agent health` reads live objects (LiveObjectReader), as gitops-engine reads them
    // with sigs.k8s.io/yaml: two lack metadata.name and statefulset-ondelete.yaml repeats updateStrategy (the later
    // value wins, with a warning).
    [Fact]
    public void Read_StatefulSetWithRepeatedKey_WarnsAndKeepsTheLaterValue()
    {
        if (HealthConformanceCases.Folder is null)
        {
            Assert.Skip("shared/conformance/health was not found next to the repository");
        }

        var path = Path.Combine(HealthConformanceCases.Folder, "fixtures", "statefulset-ondelete.yaml");
        var read = LiveObjectReader.Read(File.ReadAllText(path), path);

        Assert.Contains(read.Warnings, w => w.Contains("\"updateStrategy\" repeated", StringComparison.Ordinal));
        Assert.Equal("OnDelete", Assert.Single(read.Objects).GetStringAt("spec", "updateStrategy", "type"));
    }

    [Fact]
    public void Cases_WhenDataPresent_CoverEveryFixtureFile()
    {
        if (HealthConformanceCases.Folder is null)
        {
            Assert.Skip("shared/conformance/health was not found next to the repository");
        }

        var files = Directory.GetFiles(Path.Combine(HealthConformanceCases.Folder, "fixtures"), "*.yaml")
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal);

        Assert.Equal(files, HealthConformanceCases.Expected.Keys.Order(StringComparer.Ordinal));
    }
}
