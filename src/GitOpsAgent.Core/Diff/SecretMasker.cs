using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Diff;

/// <summary>
/// Hides Secret values in anything shown to people. Within one comparison equal values get equal masks and different
/// values different masks ("++++++++", "+++++++1", ...), so a reader still sees which keys changed, as Argo CD does.
/// </summary>
public static class SecretMasker
{
    public const string Mask8 = "++++++++";

    /// <summary>A deep clone with every data/stringData value of a core Secret replaced by "++++++++".</summary>
    public static JsonObject Mask(JsonObject obj)
    {
        var clone = (JsonObject)obj.DeepClone();
        if (!IsSecret(obj)) return clone;
        foreach (var field in new[] { "data", "stringData" })
        {
            if (clone[field] is JsonObject values)
            {
                foreach (var key in values.Select(p => p.Key).ToList())
                {
                    values[key] = Mask8;
                }
            }
        }

        return clone;
    }

    public static bool IsSecret(JsonObject? obj) => obj is not null && obj.GetKind() == "Secret" && obj.GetGroup().Length == 0;

    /// <summary>
    /// Masks the data values of several views of one Secret (desired, live, projections, difference values) together:
    /// per key, each distinct value gets its own mask, the same across all nodes.
    /// </summary>
    internal static Func<string, JsonNode?, JsonNode?> ConsistentMasker()
    {
        var masks = new Dictionary<(string Key, string Value), string>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        return (key, value) =>
        {
            if (value is null) return null;
            var text = value.ToJsonString();
            if (!masks.TryGetValue((key, text), out var mask))
            {
                var n = counts.GetValueOrDefault(key);
                counts[key] = n + 1;
                mask = n == 0 ? Mask8 : new string('+', 8 - n.ToString(System.Globalization.CultureInfo.InvariantCulture).Length) + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                masks[(key, text)] = mask;
            }

            return JsonValue.Create(mask);
        };
    }

    /// <summary>Replaces data/stringData values of a Secret-shaped object in place with the shared masker.</summary>
    internal static void MaskInPlace(JsonObject? obj, Func<string, JsonNode?, JsonNode?> masker)
    {
        if (obj is null) return;
        foreach (var field in new[] { "data", "stringData" })
        {
            if (obj[field] is JsonObject values)
            {
                foreach (var key in values.Select(p => p.Key).ToList())
                {
                    values[key] = masker(key, values[key]);
                }
            }
        }
    }
}
