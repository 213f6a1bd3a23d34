using System.Text.Json.Nodes;

namespace GitOpsAgent.TestApiServer.Tests;

/// <summary>Small readers for assertions on JSON bodies.</summary>
internal static class Json
{
    public static JsonObject Obj(string json) => (JsonObject)JsonNode.Parse(json)!;

    public static JsonNode? At(this JsonNode? node, params string[] path)
    {
        foreach (var part in path)
        {
            node = node switch
            {
                JsonObject o => o[part],
                JsonArray a when int.TryParse(part, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return node;
    }

    public static string? Str(this JsonNode? node, params string[] path) => node.At(path)?.ToString();

    /// <summary>The managedFields entry of a manager and operation (and subresource), or null.</summary>
    public static JsonObject? Managed(this JsonObject obj, string manager, string operation, string? subresource = null) =>
        (obj.At("metadata", "managedFields") as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(e =>
            e.Str("manager") == manager && e.Str("operation") == operation && e.Str("subresource") == subresource);

    public static bool Owns(this JsonObject obj, string manager, string operation, params string[] fieldsPath) =>
        obj.Managed(manager, operation)?.At(["fieldsV1", .. fieldsPath]) is not null;
}
