using GitOpsAgent.Core.Health;

namespace GitOpsAgent.Core.Tests.Health;

/// <summary>The operators' custom resources (testdata/custom-resources) against the verdicts their documentation implies.</summary>
public sealed class CustomResourceCorpusTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in CustomResourceCorpus.Cases)
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Assess_OperatorCustomResource_MatchesDocumentedVerdict(string name)
    {
        var c = CustomResourceCorpus.Find(name);

        var result = HealthScore.Assess(c);

        Assert.NotNull(result);
        Assert.True(
            Enum.Parse<HealthStatus>(c.Status) == result.Status && (c.Message is null || result.Message.Contains(c.Message, StringComparison.Ordinal)),
            $"{c.Name} ({c.Object["kind"]} {c.Object["metadata"]?["name"]}): expected {c.Status} \"{c.Message}\", got {result.Status} \"{result.Message}\"");
    }

    [Fact]
    public void Corpus_Size_CoversAtLeast300ObjectsOf60KindsFrom40Operators()
    {
        var cases = CustomResourceCorpus.Cases;
        var kinds = cases.Select(c => (c.Object["apiVersion"]!.ToString().Split('/')[0], c.Object["kind"]!.ToString())).Distinct().Count();
        var operators = cases.Select(c => c.Operator.Split(" (")[0]).Distinct(StringComparer.OrdinalIgnoreCase).Count();

        Assert.True(cases.Count >= 300, $"{cases.Count} objects");
        Assert.True(kinds >= 60, $"{kinds} kinds");
        Assert.True(operators >= 40, $"{operators} operators");
    }

    [Fact]
    public void Corpus_EveryFile_CitesAnHttpsDocumentAndHoldsOneKind()
    {
        foreach (var file in CustomResourceCorpus.Cases.GroupBy(c => c.File))
        {
            Assert.StartsWith("https://", file.First().Doc, StringComparison.Ordinal);
            Assert.Single(file.Select(c => $"{c.Object["apiVersion"]} {c.Object["kind"]}").Distinct());
        }
    }
}
