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
        var obj = Assert.IsType<JsonObject>(Read(path));

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

    // Fixtures are read as gitops-engine reads them (sigs.k8s.io/yaml), not as manifests: two lack metadata.name
    // and one repeats a mapping key, which go-yaml v2 accepts with the last value winning.
    private static JsonNode? Read(string path)
    {
        var text = File.ReadAllText(path);
        try
        {
            return Assert.Single(YamlDocumentReader.Read(text, path)).Root;
        }
        catch (ManifestParseException ex) when (ex.Reason.Contains("already defined", StringComparison.Ordinal) || ex.Reason.Contains("Duplicate key", StringComparison.Ordinal))
        {
            return LenientYamlReader.Read(text);
        }
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
