using System.Text.Json.Nodes;
using GitOpsAgent.Core.Diff;

namespace GitOpsAgent.Cli;

/// <summary>
/// How `diff` and `app diff` print a comparison: one line per object (unchanged, create, prune, or modified with a
/// unified diff of the differing fields, Secret values masked), or as JSON/YAML: field paths and the masked diff,
/// never the values themselves.
/// </summary>
internal static class DiffReport
{
    public static bool HasDifferences(IEnumerable<ResourceDiff> diffs) => diffs.Any(d => !d.IsInSync);

    public static async Task WriteTextAsync(TextWriter output, IEnumerable<ResourceDiff> diffs)
    {
        foreach (var diff in diffs)
        {
            await output.WriteLineAsync($"{Verb(diff.Action)} {diff.Key}");
            if (diff.Action == DiffAction.Modified && diff.UnifiedDiff.Length > 0)
            {
                await output.WriteLineAsync(diff.UnifiedDiff.TrimEnd());
            }
        }
    }

    public static JsonArray ToJson(IEnumerable<ResourceDiff> diffs) =>
        new(diffs.Select(d => (JsonNode)new JsonObject
        {
            ["action"] = Verb(d.Action),
            ["group"] = d.Key.Group,
            ["kind"] = d.Key.Kind,
            ["namespace"] = d.Key.Namespace,
            ["name"] = d.Key.Name,
            ["fields"] = new JsonArray(d.Differences.Select(f => (JsonNode)f.Path).ToArray()),
            ["diff"] = d.UnifiedDiff,
        }).ToArray());

    private static string Verb(DiffAction action) => action switch
    {
        DiffAction.InSync => "unchanged",
        DiffAction.Create => "create",
        DiffAction.Prune => "prune",
        _ => "modified",
    };
}
