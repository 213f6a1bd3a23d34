using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Policy;
using GitOpsAgent.Core.Tests.Diff;

namespace GitOpsAgent.Core.Tests.Policy;

/// <summary>
/// One folder per case under Policy/testdata: input.yaml (the controller's namespace, the Application's namespace,
/// repository and objects, and the AppPolicy objects in the cluster) and expected.yaml (which policies govern, every
/// violation, whether takeover is allowed). Set GITOPSAGENT_WRITE_GOLDEN=1 to write expected.yaml, then review it.
/// </summary>
public sealed class PolicyEvaluatorGoldenTests
{
    private const string Root = "tests/GitOpsAgent.Core.Tests/Policy/testdata";

    public static TheoryData<string> Cases() => TestData.CaseNames(Root);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_GoldenCase_GivesTheExpectedVerdict(string name)
    {
        var dir = Path.Combine(TestData.Folder(Root), name);
        var actual = Compute(TestData.ReadObject(Path.Combine(dir, "input.yaml")) ?? throw new FileNotFoundException(Path.Combine(dir, "input.yaml")));
        TestData.AssertGolden(Path.Combine(dir, "expected.yaml"), actual);
    }

    private static JsonObject Compute(JsonObject input)
    {
        var controllerNamespace = input.GetStringAt("controllerNamespace")!;
        var app = input.GetObjectAt("application")!;
        var policies = (input.GetArrayAt("policies") ?? []).OfType<JsonObject>().Select(NamedPolicy.Read).ToList();
        var objects = (input.GetArrayAt("objects") ?? []).OfType<JsonObject>()
            .Select(o => new ResourceKey(o.GetStringAt("group") ?? "", o.GetStringAt("kind")!, o.GetStringAt("namespace") ?? "", o.GetStringAt("name")!))
            .ToList();
        var request = new PolicyRequest(app.GetStringAt("namespace")!, app.GetStringAt("repoURL")!, objects) { CreatesNamespace = app.GetStringAt("createNamespace") };

        var governing = GoverningPolicies.For(request.ApplicationNamespace, controllerNamespace, policies);
        var verdict = PolicyEvaluator.Evaluate(request, governing, controllerNamespace);

        return new JsonObject
        {
            ["governedBy"] = governing.Describe(),
            ["allowed"] = verdict.Allowed,
            ["allowsTakeOver"] = verdict.AllowsTakeOver,
            ["violations"] = new JsonArray(verdict.Violations.Select(v => (JsonNode)JsonValue.Create(v.ToString())!).ToArray()),
            ["message"] = verdict.Allowed ? null : verdict.Describe(),
        };
    }

}
