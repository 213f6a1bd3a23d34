using System.Text.Json.Nodes;

namespace GitOpsAgent.Conformance.Diff;

/// <summary>The case file's desired_mutations / live_mutations: "set a.b.c = &lt;json&gt;" and "delete a.b.c".</summary>
internal static class Mutations
{
    public static void Apply(JsonObject target, JsonArray? mutations)
    {
        foreach (var text in (mutations ?? []).Select(m => m!.GetValue<string>().Trim()))
        {
            if (text.StartsWith("set ", StringComparison.Ordinal))
            {
                var eq = text.IndexOf(" = ", StringComparison.Ordinal);
                var (parent, field) = Parent(target, text[4..eq].Trim());
                parent[field] = JsonNode.Parse(text[(eq + 3)..].Trim());
            }
            else if (text.StartsWith("delete ", StringComparison.Ordinal))
            {
                var (parent, field) = Parent(target, text[7..].Trim());
                parent.Remove(field);
            }
            else
            {
                throw new InvalidDataException($"unknown mutation: {text}");
            }
        }
    }

    private static (JsonObject Parent, string Field) Parent(JsonObject root, string dotted)
    {
        var parts = dotted.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child)
            {
                child = new JsonObject();
                node[part] = child;
            }

            node = child;
        }

        return (node, parts[^1]);
    }
}
