using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Diff;

/// <summary>Equality of JSON values the way the API sees them: 1 == 1.0, empty maps and lists == absent.</summary>
internal static class ValueComparer
{
    public static bool IsAbsent(JsonNode? node) => node switch
    {
        null => true,
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        _ => JsonValues.KindOf(node) == JsonValueKind.Null,
    };

    public static bool ScalarEquals(JsonNode? a, JsonNode? b, bool quantityPlace)
    {
        var kindA = JsonValues.KindOf(a);
        var kindB = JsonValues.KindOf(b);
        if (quantityPlace && Quantity.AreEqual(a, b))
        {
            return true;
        }

        if (kindA == JsonValueKind.Number && kindB == JsonValueKind.Number)
        {
            return NumberEquals(a!, b!);
        }

        if (kindA != kindB)
        {
            return false;
        }

        return kindA switch
        {
            JsonValueKind.String => a!.GetValue<string>() == b!.GetValue<string>(),
            JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => true,
            _ => JsonNode.DeepEquals(a, b),
        };
    }

    /// <summary>Whole-value equality with the scalar rules applied inside, and absent == empty at every level.</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        if (IsAbsent(a) && IsAbsent(b))
        {
            return true;
        }

        switch (a, b)
        {
            case (JsonObject oa, JsonObject ob):
                foreach (var (key, value) in oa)
                {
                    if (!DeepEquals(value, ob[key])) return false;
                }

                foreach (var (key, value) in ob)
                {
                    if (!oa.ContainsKey(key) && !IsAbsent(value)) return false;
                }

                return true;
            case (JsonArray la, JsonArray lb):
                if (la.Count != lb.Count) return false;
                for (var i = 0; i < la.Count; i++)
                {
                    if (!DeepEquals(la[i], lb[i])) return false;
                }

                return true;
            case (JsonObject, _) or (_, JsonObject) or (JsonArray, _) or (_, JsonArray):
                return false;
            default:
                return ScalarEquals(a, b, quantityPlace: false);
        }
    }

    private static bool NumberEquals(JsonNode a, JsonNode b)
    {
        var sa = a.ToJsonString();
        var sb = b.ToJsonString();
        if (sa == sb)
        {
            return true;
        }

        return decimal.TryParse(sa, NumberStyles.Float, CultureInfo.InvariantCulture, out var da)
            && decimal.TryParse(sb, NumberStyles.Float, CultureInfo.InvariantCulture, out var db)
            ? da == db
            : JsonValues.TryGetDouble(a.AsValue()) == JsonValues.TryGetDouble(b.AsValue());
    }
}
