using System.Text.Json.Nodes;
using Google.Protobuf;
using GitOpsAgent.TestApiServer.Http;

namespace GitOpsAgent.TestApiServer.Protobuf;

/// <summary>
/// Request bodies in application/vnd.kubernetes.protobuf: the magic bytes "k8s\0", then a runtime.Unknown
/// (k8s.io/apimachinery/pkg/runtime/generated.proto: typeMeta = 1 { apiVersion = 1; kind = 2 }, raw = 2,
/// contentEncoding = 3, contentType = 4) whose raw bytes are the object's message.
/// </summary>
public static class ProtobufEnvelope
{
    public const string ContentType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    private static readonly ProtoMessage TypeMeta = new("TypeMeta", new(1, "apiVersion", ProtoKind.Text), new(2, "kind", ProtoKind.Text));

    public static bool IsProtobuf(string? contentType) =>
        contentType?.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The object as JSON, with apiVersion and kind from the envelope; 415 for a kind it cannot read, 400 for bad bytes.</summary>
    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            throw ApiException.BadRequest("the protobuf body does not start with the Kubernetes magic bytes \"k8s\\x00\"");
        }

        try
        {
            var (apiVersion, kind, raw, encoding) = ReadUnknown(ByteString.CopyFrom(body[Magic.Length..]));
            if (encoding.Length > 0)
            {
                throw new ApiException(415, "UnsupportedMediaType", $"protobuf bodies with contentEncoding \"{encoding}\" are not supported");
            }

            if (!KubernetesMessages.ByKind.TryGetValue((apiVersion, kind), out var message))
            {
                throw new ApiException(415, "UnsupportedMediaType",
                    $"the test API server reads protobuf bodies only for {string.Join(", ", KubernetesMessages.ByKind.Keys.Select(k => k.Kind))}; send {apiVersion} {kind} as application/json (see its README)");
            }

            var decoded = message.Decode(raw);
            var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
            foreach (var (name, value) in decoded.ToList())
            {
                decoded.Remove(name);
                result[name] = value;
            }

            return result;
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw ApiException.BadRequest($"the protobuf body is malformed: {ex.Message}");
        }
    }

    private static (string ApiVersion, string Kind, ByteString Raw, string ContentEncoding) ReadUnknown(ByteString unknown)
    {
        var input = unknown.CreateCodedInput();
        var (apiVersion, kind, raw, encoding) = ("", "", ByteString.Empty, "");
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    var typeMeta = TypeMeta.Decode(input.ReadBytes());
                    apiVersion = typeMeta["apiVersion"]?.GetValue<string>() ?? "";
                    kind = typeMeta["kind"]?.GetValue<string>() ?? "";
                    break;
                case 2:
                    raw = input.ReadBytes();
                    break;
                case 3:
                    encoding = input.ReadString();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return (apiVersion, kind, raw, encoding);
    }
}
