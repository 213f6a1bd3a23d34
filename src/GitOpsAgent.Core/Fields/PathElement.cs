using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsAgent.Core.Fields;

/// <summary>
/// One step of a field path in managedFields' fieldsV1 notation: "f:name" (a field or map key),
/// "k:{\"name\":\"web\"}" (a list-map item by its keys), "v:\"x\"" (a set item), "i:0" (a list item by index).
/// </summary>
public readonly record struct PathElement(string Raw) : IComparable<PathElement>
{
    private static readonly JsonSerializerOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public bool IsField => Raw.StartsWith("f:", StringComparison.Ordinal);

    public bool IsKey => Raw.StartsWith("k:", StringComparison.Ordinal);

    public bool IsValue => Raw.StartsWith("v:", StringComparison.Ordinal);

    public bool IsIndex => Raw.StartsWith("i:", StringComparison.Ordinal);

    /// <summary>The field name of an "f:" element.</summary>
    public string FieldName => IsField ? Raw[2..] : throw new InvalidOperationException($"{Raw} is not a field element");

    public static PathElement Field(string name) => new("f:" + name);

    /// <summary>A list-map item: the key fields in key order, as compact JSON.</summary>
    public static PathElement Key(JsonObject keyFields) => new("k:" + keyFields.ToJsonString(CompactJson));

    public static PathElement Value(JsonNode? value) => new("v:" + (value?.ToJsonString(CompactJson) ?? "null"));

    public static PathElement Index(int index) => new("i:" + index.ToString(CultureInfo.InvariantCulture));

    /// <summary>The key fields of a "k:" element.</summary>
    public JsonObject KeyFields => IsKey ? (JsonObject)JsonNode.Parse(Raw[2..])! : throw new InvalidOperationException($"{Raw} is not a key element");

    /// <summary>The value of a "v:" element.</summary>
    public JsonNode? SetValue => IsValue ? JsonNode.Parse(Raw[2..]) : throw new InvalidOperationException($"{Raw} is not a value element");

    public int IndexValue => IsIndex ? int.Parse(Raw.AsSpan(2), CultureInfo.InvariantCulture) : throw new InvalidOperationException($"{Raw} is not an index element");

    public int CompareTo(PathElement other) => string.CompareOrdinal(Raw, other.Raw);

    public static bool operator <(PathElement left, PathElement right) => left.CompareTo(right) < 0;

    public static bool operator <=(PathElement left, PathElement right) => left.CompareTo(right) <= 0;

    public static bool operator >(PathElement left, PathElement right) => left.CompareTo(right) > 0;

    public static bool operator >=(PathElement left, PathElement right) => left.CompareTo(right) >= 0;

    /// <summary>The child of <paramref name="parent"/> this element names, or null when it has none.</summary>
    public JsonNode? Locate(JsonNode? parent)
    {
        switch (parent)
        {
            case JsonObject obj when IsField:
                return obj.TryGetPropertyValue(FieldName, out var child) ? child : null;
            case JsonArray list when IsKey:
                var keys = KeyFields;
                return list.FirstOrDefault(item => item is JsonObject o && ListItemKeys.Matches(o, keys));
            case JsonArray list when IsValue:
                var value = SetValue;
                return list.FirstOrDefault(item => JsonNode.DeepEquals(item, value));
            case JsonArray list when IsIndex:
                var i = IndexValue;
                return i < list.Count ? list[i] : null;
            default:
                return null;
        }
    }

    public override string ToString() => Raw;
}
