using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Previews;

/// <summary>A preview as JSON for tools: the same facts as the Markdown, one object per Application.</summary>
public static class PreviewJson
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,

        // Printed for people and tools, never embedded in HTML: keep "+" and quotes of diffs readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The report as indented JSON text, ending in a line break.</summary>
    public static string Serialize(PreviewReport report) => Write(report).ToJsonString(Indented) + "\n";

    public static JsonObject Write(PreviewReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var apps = report.Applications;
        return new JsonObject
        {
            ["repository"] = report.Repository,
            ["base"] = report.Base,
            ["head"] = report.Head,
            ["exitCode"] = report.ExitCode,
            ["summary"] = new JsonObject
            {
                ["applications"] = apps.Count,
                ["changed"] = apps.Count(a => a.Outcome == PreviewOutcome.Changed),
                ["unchanged"] = apps.Count(a => a.Outcome == PreviewOutcome.Unchanged),
                ["unaffected"] = apps.Count(a => a.Outcome == PreviewOutcome.Unaffected),
                ["failed"] = apps.Count(a => a.Outcome == PreviewOutcome.Failed),
            },
            ["applications"] = new JsonArray([.. apps.Select(Application)]),
        };
    }

    private static JsonObject Application(ApplicationPreview app)
    {
        var result = new JsonObject
        {
            ["namespace"] = app.Application.Namespace,
            ["name"] = app.Application.Name,
            ["path"] = app.Path,
            ["outcome"] = app.Outcome.ToString(),
            ["changedInputs"] = Strings(app.ChangedInputs),
            ["errors"] = Strings(app.Errors),
            ["notes"] = Strings(app.Notes),
        };
        var changes = Changes(app.Rendered ? app.Changes : []);
        foreach (var name in changes.Select(p => p.Key).ToList())
        {
            var value = changes[name];
            changes.Remove(name);
            result[name] = value;
        }

        if (app.LiveChanges is { } live)
        {
            result["live"] = Changes(live);
        }

        return result;
    }

    private static JsonObject Changes(IReadOnlyList<ResourceDiff> diffs) => new()
    {
        ["created"] = Objects(diffs, DiffAction.Create),
        ["modified"] = Objects(diffs, DiffAction.Modified),
        ["pruned"] = Objects(diffs, DiffAction.Prune),
        ["unchanged"] = diffs.Count(d => d.Action == DiffAction.InSync),
    };

    private static JsonArray Objects(IReadOnlyList<ResourceDiff> diffs, DiffAction action) =>
        new([.. diffs.Where(d => d.Action == action).Select(d => (JsonNode)Object(d))]);

    private static JsonObject Object(ResourceDiff diff)
    {
        var obj = Key(diff.Key);
        if (diff.Action == DiffAction.Modified)
        {
            obj["fields"] = Strings(diff.Differences.Select(f => f.Path));
        }

        obj["diff"] = diff.UnifiedDiff;
        return obj;
    }

    private static JsonObject Key(ResourceKey key) => new()
    {
        ["group"] = key.Group,
        ["kind"] = key.Kind,
        ["namespace"] = key.Namespace,
        ["name"] = key.Name,
    };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}
