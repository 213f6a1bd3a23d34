using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace GitOpsAgent.TestApiServer.Protobuf;

/// <summary>How one field of a Kubernetes protobuf message becomes JSON.</summary>
public enum ProtoKind
{
    Text,

    /// <summary>bytes: base64 in JSON, as Go's encoding/json writes []byte.</summary>
    Bytes,
    Int32,
    Int64,
    Bool,
    Message,

    /// <summary>map&lt;string, string&gt;: repeated entries { key = 1; value = 2 }.</summary>
    StringMap,

    /// <summary>map&lt;string, bytes&gt;, values base64 in JSON.</summary>
    BytesMap,

    /// <summary>meta/v1 Time { seconds = 1; nanos = 2 }: an RFC 3339 string; the zero time is left out.</summary>
    Time,

    /// <summary>meta/v1 FieldsV1 { raw = 1 }: the raw JSON of the field set.</summary>
    FieldsV1,
}

/// <summary>
/// One field: its number in the upstream generated.proto, its JSON name, how to decode it, and whether a zero value
/// is kept (Go's encoding/json drops empty strings and zero numbers of omitempty fields; a few fields keep them).
/// </summary>
public sealed record ProtoField(int Number, string Name, ProtoKind Kind, bool Repeated = false, ProtoMessage? Message = null, bool KeepZero = false);

/// <summary>
/// A hand-written description of one protobuf message of the Kubernetes API (proto2: optional fields, unpacked
/// repeated fields), decoded with Google.Protobuf's <see cref="CodedInputStream"/> into the JSON object the API's JSON
/// form would have. Unknown fields are skipped, as protobuf readers do.
/// </summary>
public sealed class ProtoMessage(string name, params ProtoField[] fields)
{
    private readonly Dictionary<int, ProtoField> _fields = fields.ToDictionary(f => f.Number);

    public string Name { get; } = name;

    public JsonObject Decode(ByteString bytes)
    {
        var result = new JsonObject();
        var input = bytes.CreateCodedInput();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (!_fields.TryGetValue(WireFormat.GetTagFieldNumber(tag), out var field))
            {
                input.SkipLastField();
                continue;
            }

            if (field.Kind is ProtoKind.StringMap or ProtoKind.BytesMap)
            {
                var (key, value) = ReadMapEntry(input.ReadBytes(), field.Kind == ProtoKind.BytesMap);
                var map = result[field.Name] as JsonObject ?? [];
                map[key] = value;
                result[field.Name] = map;
                continue;
            }

            var node = ReadValue(input, field);
            if (field.Repeated)
            {
                var list = result[field.Name] as JsonArray ?? [];
                list.Add(node);
                result[field.Name] = list;
            }
            else if (node is not null && (field.KeepZero || !IsZero(node)))
            {
                result[field.Name] = node;
            }
            else
            {
                result.Remove(field.Name);
            }
        }

        return result;
    }

    private static JsonNode? ReadValue(CodedInputStream input, ProtoField field) => field.Kind switch
    {
        ProtoKind.Text => input.ReadString(),
        ProtoKind.Bytes => Convert.ToBase64String(input.ReadBytes().Span),
        ProtoKind.Int32 => input.ReadInt32(),
        ProtoKind.Int64 => input.ReadInt64(),
        ProtoKind.Bool => input.ReadBool(),
        ProtoKind.Message => (field.Message ?? throw new InvalidOperationException($"{field.Name} has no message type")).Decode(input.ReadBytes()),
        ProtoKind.Time => ReadTime(input.ReadBytes()),
        ProtoKind.FieldsV1 => ReadFieldsV1(input.ReadBytes()),
        _ => throw new InvalidOperationException($"unhandled kind {field.Kind}"),
    };

    private static (string Key, string Value) ReadMapEntry(ByteString entry, bool bytesValue)
    {
        var input = entry.CreateCodedInput();
        var (key, value) = ("", "");
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    key = input.ReadString();
                    break;
                case 2:
                    value = bytesValue ? Convert.ToBase64String(input.ReadBytes().Span) : input.ReadString();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return (key, value);
    }

    private static JsonNode? ReadTime(ByteString time)
    {
        var input = time.CreateCodedInput();
        long seconds = 0;
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1)
            {
                seconds = input.ReadInt64();
            }
            else
            {
                input.SkipLastField(); // nanos: the JSON form of metav1.Time has whole seconds.
            }
        }

        return seconds == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    private static JsonNode? ReadFieldsV1(ByteString fields)
    {
        var input = fields.CreateCodedInput();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1)
            {
                return JsonNode.Parse(input.ReadBytes().Span);
            }

            input.SkipLastField();
        }

        return null;
    }

    private static bool IsZero(JsonNode node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text.Length == 0,
        JsonValue value when value.TryGetValue<long>(out var number) => number == 0,
        JsonValue value when value.TryGetValue<int>(out var number) => number == 0,
        _ => false,
    };
}
