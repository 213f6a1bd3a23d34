using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsAgent.Core.Manifests;

/// <summary>Number handling that does not care whether a JsonValue came from a parser (JsonElement) or from code.</summary>
public static class JsonValues
{
    public static long? TryGetInt64(JsonValue value)
    {
        if (value.TryGetValue<long>(out var l)) return l;
        if (value.TryGetValue<int>(out var i)) return i;
        if (value.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15) return (long)d;
        if (value.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number)
        {
            if (e.TryGetInt64(out var el)) return el;
            if (e.TryGetDouble(out var ed) && ed == Math.Floor(ed) && Math.Abs(ed) < 9e15) return (long)ed;
        }

        return null;
    }

    public static double? TryGetDouble(JsonValue value)
    {
        if (value.TryGetValue<double>(out var d)) return d;
        if (value.TryGetValue<long>(out var l)) return l;
        if (value.TryGetValue<int>(out var i)) return i;
        if (value.TryGetValue<decimal>(out var m)) return (double)m;
        if (value.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var ed)) return ed;
        return null;
    }

    /// <summary>The JSON kind of a value, however it was created.</summary>
    public static JsonValueKind KindOf(JsonNode? node) => node switch
    {
        null => JsonValueKind.Null,
        JsonObject => JsonValueKind.Object,
        JsonArray => JsonValueKind.Array,
        _ => node.GetValueKind(),
    };

    public static string FormatNumber(double d) => d == Math.Floor(d) && Math.Abs(d) < 9e15
        ? ((long)d).ToString(CultureInfo.InvariantCulture)
        : d.ToString("R", CultureInfo.InvariantCulture);
}
