using System.Text.Json.Nodes;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Diff;

/// <summary>One folder per case under Diff/testdata: desired.yaml, live.yaml, expected.yaml (action, differences, diff text, options).</summary>
public sealed class ResourceDifferGoldenTests
{
    private const string Root = "tests/GitOpsAgent.Core.Tests/Diff/testdata";

    public static TheoryData<string> Cases() => TestData.CaseNames(Root);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Diff_GoldenCase_MatchesExpected(string name)
    {
        var dir = Path.Combine(TestData.Folder(Root), name);
        var desired = TestData.ReadObject(Path.Combine(dir, "desired.yaml"));
        var live = TestData.ReadObject(Path.Combine(dir, "live.yaml"));
        var expected = TestData.ReadObject(Path.Combine(dir, "expected.yaml"))!;

        var result = ResourceDiffer.Diff(desired, live, ReadOptions(expected["options"] as JsonObject));

        Assert.Equal(expected.GetStringAt("action"), result.Action.ToString());
        Assert.Equal(Strings(expected["differences"]), result.Differences.Select(d => d.Path).ToList());
        if (expected.GetStringAt("lastAppliedSource") is { } source)
        {
            Assert.Equal(source, result.LastAppliedSource);
        }

        Assert.Equal(result.Action == DiffAction.InSync, result.UnifiedDiff.Length == 0);
        foreach (var text in Strings(expected["unifiedDiffContains"]))
        {
            Assert.True(result.UnifiedDiff.Contains(text, StringComparison.Ordinal), $"missing \"{text}\" in:\n{result.UnifiedDiff}");
        }

        foreach (var text in Strings(expected["unifiedDiffNotContains"]))
        {
            Assert.False(result.UnifiedDiff.Contains(text, StringComparison.Ordinal), $"unexpected \"{text}\" in:\n{result.UnifiedDiff}");
        }

        if (expected.GetBoolAt("maskedDifferences") == true)
        {
            Assert.All(result.Differences, d => Assert.All(new[] { d.Desired, d.Live }, v => Assert.StartsWith("+++++++", v?.GetValue<string>() ?? "+++++++", StringComparison.Ordinal)));
        }
    }

    private static DiffOptions ReadOptions(JsonObject? options)
    {
        if (options is null) return new DiffOptions();
        var rules = (options["ignore"] as JsonArray ?? []).OfType<JsonObject>().Select(r => new IgnoreRule(
            r.GetStringAt("group"),
            r.GetStringAt("kind") ?? "*",
            r.GetStringAt("name"),
            r.GetStringAt("namespace"),
            Strings(r["jsonPointers"]),
            Strings(r["managedFieldsManagers"]))).ToList();
        return new DiffOptions(options.GetStringAt("fieldManager") ?? "gitops-agent", rules);
    }

    private static List<string> Strings(JsonNode? node) =>
        (node as JsonArray ?? []).Select(n => n!.GetValue<string>()).ToList();
}
