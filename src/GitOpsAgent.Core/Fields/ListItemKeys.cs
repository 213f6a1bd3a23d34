using System.Text.Json.Nodes;
using GitOpsAgent.Core.Schema;

namespace GitOpsAgent.Core.Fields;

/// <summary>Identity of list-map items, as server-side apply computes it.</summary>
public static class ListItemKeys
{
    /// <summary>
    /// The "k:" element of a list-map item. A missing "protocol" key (container and service ports) counts as "TCP",
    /// because the API server defaults key fields before it merges.
    /// </summary>
    public static PathElement KeyOf(JsonObject item, ListSchema schema)
    {
        var keyFields = new JsonObject();
        foreach (var key in schema.Keys)
        {
            var value = item.TryGetPropertyValue(key, out var v) ? v?.DeepClone() : DefaultKeyValue(key);
            if (value is not null)
            {
                keyFields[key] = value;
            }
        }

        return PathElement.Key(keyFields);
    }

    /// <summary>Whether <paramref name="item"/> has exactly the given key field values.</summary>
    public static bool Matches(JsonObject item, JsonObject keyFields)
    {
        foreach (var (key, expected) in keyFields)
        {
            var actual = item.TryGetPropertyValue(key, out var v) ? v : DefaultKeyValue(key);
            if (!JsonNode.DeepEquals(actual, expected))
            {
                return false;
            }
        }

        return true;
    }

    private static JsonNode? DefaultKeyValue(string key) => key == "protocol" ? JsonValue.Create("TCP") : null;
}
