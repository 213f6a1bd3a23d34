using System.Text.Json.Nodes;
using GitOpsAgent.TestApiServer.Http;

namespace GitOpsAgent.TestApiServer.Patching;

/// <summary>JSON patch (RFC 6902): add, remove, replace, move, copy, test.</summary>
public static class JsonPatch
{
    public static JsonNode Apply(JsonNode target, JsonArray operations)
    {
        var document = target.DeepClone();
        foreach (var operation in operations.OfType<JsonObject>())
        {
            var op = operation["op"]?.GetValue<string>() ?? "";
            var path = Pointer(operation["path"]?.GetValue<string>() ?? "");
            switch (op)
            {
                case "add":
                    Add(document, path, operation["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(document, path);
                    break;
                case "replace":
                    Remove(document, path);
                    Add(document, path, operation["value"]?.DeepClone());
                    break;
                case "move":
                    var from = Pointer(operation["from"]?.GetValue<string>() ?? "");
                    var moved = Get(document, from)?.DeepClone();
                    Remove(document, from);
                    Add(document, path, moved);
                    break;
                case "copy":
                    Add(document, path, Get(document, Pointer(operation["from"]?.GetValue<string>() ?? ""))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(document, path), operation["value"]))
                    {
                        throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: test failed at {operation["path"]}");
                    }

                    break;
                default:
                    throw ApiException.BadRequest($"unknown JSON patch operation \"{op}\"");
            }
        }

        return document;
    }

    private static string[] Pointer(string pointer) =>
        pointer.Length == 0 ? [] : pointer.TrimStart('/').Split('/').Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();

    private static JsonNode? Get(JsonNode? node, string[] path)
    {
        foreach (var part in path)
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(part, out var child) => child,
                JsonArray a when int.TryParse(part, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw new ApiException(422, "Invalid", $"the server rejected our request: JSON patch path /{string.Join('/', path)} does not exist"),
            };
        }

        return node;
    }

    private static void Add(JsonNode document, string[] path, JsonNode? value)
    {
        var parent = Get(document, path[..^1]);
        var last = path[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw new ApiException(422, "Invalid", "the server rejected our request: JSON patch add target does not exist");
        }
    }

    private static void Remove(JsonNode document, string[] path)
    {
        var parent = Get(document, path[..^1]);
        var last = path[^1];
        var removed = parent switch
        {
            JsonObject o => o.Remove(last),
            JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count => RemoveAt(a, i),
            _ => false,
        };
        if (!removed)
        {
            throw new ApiException(422, "Invalid", $"the server rejected our request: JSON patch path /{string.Join('/', path)} does not exist");
        }
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }
}
