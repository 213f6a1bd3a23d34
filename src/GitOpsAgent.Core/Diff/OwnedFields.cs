using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsAgent.Core.Diff;

/// <summary>
/// A read-only view of one node of a managedFields fieldsV1 trie ("f:", "k:", "v:", "i:", "."): which fields a
/// manager set. Key and value elements are matched by parsed JSON, not by text, so key order and spacing do not matter.
/// </summary>
internal readonly struct OwnedFields(JsonObject? node)
{
    private static readonly ConditionalWeakTable<JsonObject, List<(char, JsonNode?, JsonObject)>> ParsedCache = new();

    public static OwnedFields None => default;

    public JsonObject? Node { get; } = node;

    /// <summary>Something at or below this node is owned.</summary>
    public bool IsOwned => Node is not null;

    /// <summary>The node itself is owned ("." marker), as for list items the manager created.</summary>
    public bool IsMember => Node is not null && Node.ContainsKey(".");

    /// <summary>Owned as a whole: a leaf "{}" with no children.</summary>
    public bool IsLeaf => Node is not null && !Node.Any(p => p.Key != ".");

    public OwnedFields Field(string name) => new(Node?["f:" + name] as JsonObject);

    public OwnedFields Index(int index) => new(Node?["i:" + index.ToString(System.Globalization.CultureInfo.InvariantCulture)] as JsonObject);

    public OwnedFields Value(JsonNode? value)
    {
        if (Node is null) return None;
        foreach (var (element, parsed, child) in ParsedElements(Node))
        {
            if (element == 'v' && ValueComparer.DeepEquals(parsed, value)) return new(child);
        }

        return None;
    }

    public OwnedFields Item(JsonObject item)
    {
        if (Node is null) return None;
        foreach (var (element, parsed, child) in ParsedElements(Node))
        {
            if (element == 'k' && parsed is JsonObject keyFields && ListItemMatcher.Matches(item, keyFields)) return new(child);
        }

        return None;
    }

    /// <summary>The "k:" and "v:" children with their JSON parsed once per trie node (lookups repeat per list item).</summary>
    private static List<(char Element, JsonNode? Parsed, JsonObject Child)> ParsedElements(JsonObject node) =>
        ParsedCache.GetValue(node, static n => n
            .Where(p => p.Key.StartsWith("k:", StringComparison.Ordinal) || p.Key.StartsWith("v:", StringComparison.Ordinal))
            .Select(p => (p.Key[0], TryParse(p.Key[2..]), p.Value as JsonObject ?? []))
            .ToList());

    private static JsonNode? TryParse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
