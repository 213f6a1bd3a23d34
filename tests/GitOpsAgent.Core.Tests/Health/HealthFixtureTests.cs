using GitOpsAgent.Core.Health;

namespace GitOpsAgent.Core.Tests.Health;

/// <summary>Golden fixtures: one live object per file in testdata/, its expected health in testdata/expected.yaml.</summary>
public sealed class HealthFixtureTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in HealthTestData.Expected().Keys.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Assess_Fixture_MatchesExpectedStatusAndMessage(string fixture)
    {
        var (status, message) = HealthTestData.Expected()[fixture];

        var result = HealthAssessor.Assess(HealthTestData.Load(fixture));

        Assert.NotNull(result);
        Assert.Equal(Enum.Parse<HealthStatus>(status), result.Status);
        if (message is not null)
        {
            Assert.Contains(message, result.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Expected_EveryFixtureFile_HasAnExpectation()
    {
        var files = Directory.GetFiles(HealthTestData.Folder, "*.yaml")
            .Select(Path.GetFileName)
            .Where(name => name != "expected.yaml")
            .Order(StringComparer.Ordinal);

        Assert.Equal(files, HealthTestData.Expected().Keys.Order(StringComparer.Ordinal));
    }
}
