using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Tests.Diff;

namespace GitOpsAgent.Core.Tests.Status;

/// <summary>
/// One folder per case under Status/testdata: previous.yaml (the status before), outcome.yaml (how the reconcile
/// ended and what it observed) and expected.yaml (the status and Events the user sees). Set
/// GITOPSAGENT_WRITE_GOLDEN=1 to write expected.yaml from the calculator, then review every changed file by hand.
/// </summary>
public sealed class StatusCalculatorGoldenTests
{
    private const string Root = "tests/GitOpsAgent.Core.Tests/Status/testdata";

    private static readonly JsonSerializerOptions Options = new(ApplicationSerializer.Options)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static TheoryData<string> Cases() => TestData.CaseNames(Root);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Next_GoldenCase_GivesExpectedStatusAndEvents(string name)
    {
        var dir = Path.Combine(TestData.Folder(Root), name);
        var actual = Compute(dir);
        TestData.AssertGolden(Path.Combine(dir, "expected.yaml"), actual);
    }

    [Fact]
    public void Reasons_EveryConstant_IsShownBySomeGoldenCase()
    {
        var shown = Directory.GetDirectories(TestData.Folder(Root))
            .Select(dir => TestData.ReadObject(Path.Combine(dir, "expected.yaml"))!)
            .SelectMany(expected => expected.GetArrayAt("status", "conditions") ?? [])
            .OfType<JsonObject>()
            .Select(c => c.GetStringAt("reason"))
            .ToHashSet();
        var constants = typeof(ConditionReasons).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetValue(null)!);

        Assert.All(constants, reason => Assert.Contains(reason, shown));
    }

    private static JsonObject Compute(string dir)
    {
        var previous = TestData.ReadObject(Path.Combine(dir, "previous.yaml"))?.Deserialize<ApplicationStatus>(Options);
        var input = TestData.ReadObject(Path.Combine(dir, "outcome.yaml")) ?? throw new FileNotFoundException(Path.Combine(dir, "outcome.yaml"));
        var outcome = input["outcome"].Deserialize<ReconcileOutcome>(Options)!;
        var observed = input["observed"].Deserialize<ReconcileObservation>(Options)!;

        var update = StatusCalculator.Next(previous, observed, outcome);

        return new JsonObject
        {
            ["status"] = ApplicationSerializer.StatusToJson(update.Status),
            ["events"] = JsonSerializer.SerializeToNode(update.Events, Options),
        };
    }

    /// <summary>YAML numbers and JSON numbers compare by text.</summary>
}
