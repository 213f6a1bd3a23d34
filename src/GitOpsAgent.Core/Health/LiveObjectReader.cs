using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health;

/// <summary>Objects read for assessing their health, and what was odd about the input (a repeated key).</summary>
public sealed record LiveObjects(IReadOnlyList<JsonObject> Objects, IReadOnlyList<string> Warnings);

/// <summary>
/// Live objects as kubectl prints them (get -o yaml or -o json, a List, several documents), for assessing health.
/// Unlike manifests (<see cref="ManifestReader"/>) they need no metadata.name (a status-only object is fine), and a
/// repeated mapping key is a warning with the later value winning, as sigs.k8s.io/yaml reads them.
/// </summary>
public static class LiveObjectReader
{
    /// <summary>Throws <see cref="ManifestParseException"/> naming <paramref name="source"/> and the line.</summary>
    public static LiveObjects Read(string text, string source)
    {
        var repeats = new List<string>();
        var objects = new List<JsonObject>();
        foreach (var (root, line) in Documents(text, source, repeats))
        {
            switch (root)
            {
                case null:
                    continue;
                case JsonObject obj:
                    Add(obj, source, line, objects);
                    break;
                default:
                    throw new ManifestParseException(source, line, 0, "a document must be a mapping with apiVersion and kind");
            }
        }

        return new LiveObjects(objects, repeats);
    }

    private static IEnumerable<(JsonNode? Root, int Line)> Documents(string text, string source, List<string> repeats)
    {
        try
        {
            return YamlDocumentReader.Read(text, source).Select(d => (d.Root, d.Line)).ToList();
        }
        catch (ManifestParseException ex) when (ex.Reason.StartsWith("Duplicate key", StringComparison.Ordinal) || ex.Reason.Contains("already defined", StringComparison.Ordinal))
        {
            // Documents are not numbered by line on this path: errors name the source only.
            return RepeatedKeyYamlReader.Read(text, source, repeats).Select(root => (root, 0)).ToList();
        }
    }

    private static void Add(JsonObject obj, string source, int line, List<JsonObject> objects)
    {
        var kind = obj.GetKind();
        if (obj.GetApiVersion().Length == 0 || kind.Length == 0)
        {
            var missing = obj.GetApiVersion().Length == 0 ? "apiVersion" : "kind";
            throw new ManifestParseException(source, line, 0, $"not a Kubernetes object: {missing} is missing");
        }

        // kubectl get without a name prints a List (kind: List, or FooList) of the objects in items.
        if (kind.EndsWith("List", StringComparison.Ordinal) && obj["items"] is JsonArray items)
        {
            foreach (var item in items)
            {
                if (item is not JsonObject itemObject)
                {
                    throw new ManifestParseException(source, line, 0, $"an item of {kind} is not an object");
                }

                Add(itemObject, source, line, objects);
            }

            return;
        }

        objects.Add(obj);
    }
}
