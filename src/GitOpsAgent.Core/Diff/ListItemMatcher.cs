using System.Text;
using System.Text.Json.Nodes;

namespace GitOpsAgent.Core.Diff;

/// <summary>Identity of list-map items by their key fields; a missing "protocol" key is "TCP", as the API server defaults it.</summary>
internal static class ListItemMatcher
{
    public static JsonNode? KeyValue(JsonObject item, string key) =>
        item[key] ?? (key == "protocol" ? JsonValue.Create("TCP") : null);

    public static bool SameKey(JsonObject a, JsonObject b, IReadOnlyList<string> keys) =>
        keys.All(k => ValueComparer.ScalarEquals(KeyValue(a, k), KeyValue(b, k), quantityPlace: false));

    /// <summary>The item has the key fields of a "k:{...}" element.</summary>
    public static bool Matches(JsonObject item, JsonObject keyFields)
    {
        foreach (var (name, value) in keyFields)
        {
            if (!ValueComparer.ScalarEquals(KeyValue(item, name), value, quantityPlace: false)) return false;
        }

        return keyFields.Count > 0;
    }

    /// <summary>"name=web" or "containerPort=80,protocol=TCP", for readable difference paths.</summary>
    public static string Describe(JsonObject item, IReadOnlyList<string> keys)
    {
        var sb = new StringBuilder();
        foreach (var key in keys)
        {
            if (sb.Length > 0) sb.Append(',');
            var value = KeyValue(item, key);
            sb.Append(key).Append('=').Append(value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "");
        }

        return sb.ToString();
    }

    /// <summary>The first item of a list with the same key as the given one.</summary>
    public static int IndexOf(JsonArray list, JsonObject item, IReadOnlyList<string> keys)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject candidate && SameKey(candidate, item, keys)) return i;
        }

        return -1;
    }
}
