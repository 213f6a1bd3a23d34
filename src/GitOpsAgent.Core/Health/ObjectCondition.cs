using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health;

/// <summary>One entry of an object's status.conditions, read leniently (a YAML 1.1 bare True is "True").</summary>
internal sealed record ObjectCondition(string Type, string Status, string Reason, string Message, long? ObservedGeneration = null, string Severity = "")
{
    public bool IsTrue => Status == "True";

    public bool IsFalse => Status == "False";

    /// <summary>The message, else the reason, else a fallback: what a health message should say.</summary>
    public string Describe(string fallback = "") =>
        Message.Length > 0 ? Message : Reason.Length > 0 ? Reason : fallback;

    public static IReadOnlyList<ObjectCondition> ReadStatusConditions(JsonObject obj) => Read(obj.GetArrayAt("status", "conditions"));

    public static IReadOnlyList<ObjectCondition> Read(JsonArray? array)
    {
        if (array is null)
        {
            return [];
        }

        var result = new List<ObjectCondition>(array.Count);
        foreach (var item in array)
        {
            if (item is JsonObject c && c.GetStringAt("type") is { Length: > 0 } type)
            {
                result.Add(new ObjectCondition(
                    type, ReadStatus(c["status"]), c.GetStringAt("reason") ?? "", c.GetStringAt("message") ?? "",
                    c.GetInt64At("observedGeneration"), c.GetStringAt("severity") ?? ""));
            }
        }

        return result;
    }

    public static ObjectCondition? Find(IReadOnlyList<ObjectCondition> conditions, string type)
    {
        foreach (var c in conditions)
        {
            if (string.Equals(c.Type, type, StringComparison.Ordinal))
            {
                return c;
            }
        }

        return null;
    }

    private static string ReadStatus(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s.ToUpperInvariant() switch
        {
            "TRUE" => "True",
            "FALSE" => "False",
            _ => s,
        },
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "True" : "False",
        _ => "Unknown",
    };
}
