using System.Text.Json.Nodes;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Conformance.Diff;

/// <summary>
/// Runs the gitops-engine diff cases through ResourceDiffer and checks expected.modified. Three-way cases use the
/// kubectl last-applied annotation as gitops-engine does. Structured-merge-diff and server-side-diff cases are run as
/// our managedFields three-way diff with Argo's manager name ("argocd-controller"): we never simulate SSA or call a
/// dry-run, so cases whose outcome depends on that machinery are skipped with the reason.
/// </summary>
public sealed class DiffConformanceTests
{
    private const string ArgoManager = "argocd-controller";

    private const string MockedDryRunOnly =
        "the reference's modified=true comes from its mocked dry-run output (ssd-service-predicted-live.json has the webhook's 'event' label in place of the app.kubernetes.io/instance label that desired and live both carry); desired and live are otherwise equal, and we diff desired against live without a dry-run, so there is nothing for us to reproduce";

    /// <summary>Cases our model cannot reproduce, and why.</summary>
    private static readonly Dictionary<string, string> Unsupported = new(StringComparer.Ordinal)
    {
        ["ssd-service-ignore-webhook-mutation"] = MockedDryRunOnly,
        ["ssd-service-ignore-differences-normalizer"] = MockedDryRunOnly,
        ["ssd-service-include-webhook-mutation"] =
            "asserts on the dry-run's predicted live keeping a mutating-webhook label (ignoreMutationWebhook=false); we compute no predicted live and never dry-run, so the option has no counterpart",
    };

    public static TheoryData<string> Names() => DiffConformanceCases.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void Diff_ConformanceCase_MatchesReferenceModified(string name)
    {
        if (name == DiffConformanceCases.Absent)
        {
            Assert.Skip("shared/conformance/diff not found above the test binaries (expected at <repo>/../shared/conformance/diff)");
        }

        if (Unsupported.TryGetValue(name, out var reason))
        {
            Assert.Skip(reason);
        }

        var c = DiffConformanceCases.Cases[name];
        var mode = c.GetStringAt("mode");
        var desired = DiffConformanceCases.ReadFixture(c.GetStringAt("desired")!);
        var live = DiffConformanceCases.ReadFixture(c.GetStringAt("live")!);
        Mutations.Apply(desired, c["desired_mutations"] as JsonArray);
        Mutations.Apply(live, c["live_mutations"] as JsonArray);

        var options = mode switch
        {
            "three-way" => new DiffOptions(),
            "structured-merge-diff" or "server-side-diff" => new DiffOptions(ArgoManager),
            _ => throw new InvalidDataException($"{name}: unknown mode {mode}"),
        };
        options = options with
        {
            IgnoreAggregatedRoles = c.GetBoolAt("options", "ignoreAggregatedRoles") == true,
            Ignore = IgnoreRulesFor(c),
        };

        var result = ResourceDiffer.Diff(desired, live, options);
        var expected = c.GetBoolAt("expected", "modified");
        var modified = result.Action != DiffAction.InSync;

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{name} ({mode}, last applied from {result.LastAppliedSource}): modified={modified}, reference={expected}; differences: {string.Join(", ", result.Differences.Select(d => d.Path))}");
        Assert.True(expected == modified, $"{name}: modified={modified}, reference says {expected}\n{result.UnifiedDiff}");
        CheckExtra(name, result);
    }

    /// <summary>The normaliser case ignores spec.sessionAffinity, which is how ignoreDifferences reaches our differ.</summary>
    private static List<IgnoreRule>? IgnoreRulesFor(JsonObject c) =>
        c.GetStringAt("options", "normalizer")?.Contains("spec.sessionAffinity", StringComparison.Ordinal) == true
            ? [new IgnoreRule(null, "*", null, null, ["/spec/sessionAffinity"], [])]
            : null;

    /// <summary>Per-case assertions beyond "modified" that translate to our output.</summary>
    private static void CheckExtra(string name, ResourceDiff result)
    {
        var paths = result.Differences.Select(d => d.Path).ToList();
        switch (name)
        {
            case "statefulset-elasticsearch-label-changes":
                Assert.Contains("+    foo: bar", result.UnifiedDiff, StringComparison.Ordinal);
                Assert.Contains("-    release: elasticsearch4", result.UnifiedDiff, StringComparison.Ordinal);
                Assert.Contains("+    chart: elasticsearch-1.7.1", result.UnifiedDiff, StringComparison.Ordinal);
                Assert.Contains("-    chart: elasticsearch-1.7.0", result.UnifiedDiff, StringComparison.Ordinal);
                break;
            case "secret-redacted-data":
                Assert.Contains("data.wordpress-password", paths);
                break;
            case "ssd-service-label-deleted":
                Assert.Contains(paths, p => p.Contains("delete-me", StringComparison.Ordinal));
                break;
            case "ssd-service-ignore-differences-normalizer":
                Assert.DoesNotContain("sessionAffinity", result.UnifiedDiff, StringComparison.Ordinal);
                break;
        }
    }
}
