using System.Text.Json.Nodes;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Previews;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Core.Tests.Diff;

namespace GitOpsAgent.Core.Tests.Previews;

/// <summary>
/// One folder per case under Previews/testdata: case.yaml (the repository, the revisions, and per Application what
/// rendered at base and head, the live objects when a cluster was asked, and errors) and the outputs a reviewer reads,
/// expected.md and expected.json. GITOPSAGENT_WRITE_GOLDEN=1 writes them; read every changed file before committing.
/// </summary>
public sealed class PreviewGoldenTests
{
    private const string Root = "tests/GitOpsAgent.Core.Tests/Previews/testdata";

    public static TheoryData<string> Cases() => TestData.CaseNames(Root);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Write_GoldenCase_GivesTheExpectedMarkdownAndJson(string name)
    {
        var dir = Path.Combine(TestData.Folder(Root), name);
        var report = Build(TestData.ReadObject(Path.Combine(dir, "case.yaml"))!);

        var markdown = PreviewMarkdown.Write(report);
        var json = PreviewJson.Serialize(report);
        TestData.AssertGoldenText(Path.Combine(dir, "expected.md"), markdown);
        TestData.AssertGoldenText(Path.Combine(dir, "expected.json"), json);
    }

    /// <summary>The report the preview runner would build from what case.yaml says rendered.</summary>
    internal static PreviewReport Build(JsonObject input)
    {
        var options = new DiffOptions("gitops-agent");
        var apps = new List<ApplicationPreview>();
        foreach (var app in input.GetArrayAt("applications")!.OfType<JsonObject>())
        {
            var identity = new AppIdentity(app.GetStringAt("namespace")!, app.GetStringAt("name")!);
            var preview = new ApplicationPreview(identity, app.GetStringAt("path")!)
            {
                Rendered = app.GetBoolAt("rendered") ?? true,
                ChangedInputs = Strings(app["changedInputs"]),
                Errors = Strings(app["errors"]),
                Notes = Strings(app["notes"]),
            };
            if (preview.Rendered && preview.Errors.Count == 0)
            {
                var head = Objects(app["head"]).Select(o => Tracking.Stamp(o, identity)).ToList();
                preview = preview with
                {
                    Changes = PreviewComparer.Compare(Objects(app["base"]).Select(o => Tracking.Stamp(o, identity)).ToList(), head, options),
                    LiveChanges = app["live"] is null ? null : PreviewComparer.CompareWithLive(head, Objects(app["live"]), identity, options),
                };
            }

            apps.Add(preview);
        }

        return new PreviewReport(input.GetStringAt("repository")!, input.GetStringAt("base")!, input.GetStringAt("head")!, apps);
    }

    private static List<JsonObject> Objects(JsonNode? node) => node is JsonArray array ? array.OfType<JsonObject>().Select(o => (JsonObject)o.DeepClone()).ToList() : [];

    private static List<string> Strings(JsonNode? node) => node is JsonArray array ? array.Select(v => v!.GetValue<string>()).ToList() : [];
}
