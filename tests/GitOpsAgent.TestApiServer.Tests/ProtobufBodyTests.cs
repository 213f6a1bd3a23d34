using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using GitOpsAgent.TestApiServer.Http;
using GitOpsAgent.TestApiServer.Protobuf;
using Google.Protobuf;

namespace GitOpsAgent.TestApiServer.Tests;

/// <summary>Protobuf request bodies (application/vnd.kubernetes.protobuf), as kubectl's typed verbs and client-go send them.</summary>
public sealed class ProtobufBodyTests : ServerTestBase
{
    // Recorded from `kubectl create configmap foo --from-literal=a=b -v=9` (kubectl v1.32.4).
    private const string KubectlConfigMap =
        "6b 38 73 00 0a 0f 0a 02 76 31 12 09 43 6f 6e 66 69 67 4d 61 70 12 1d 0a 13 0a 03 66 6f 6f 12 00 1a 00 22 00 2a 00 32 00 38 00 42 00 12 06 0a 01 61 12 01 62 1a 00 22 00";

    // Recorded from `kubectl create namespace team-a -v=9`.
    private const string KubectlNamespace =
        "6b 38 73 00 0a 0f 0a 02 76 31 12 09 4e 61 6d 65 73 70 61 63 65 12 1e 0a 16 0a 06 74 65 61 6d 2d 61 12 00 1a 00 22 00 2a 00 32 00 38 00 42 00 12 00 1a 02 0a 00 1a 00 22 00";

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void Decode_KubectlConfigMapBytes_GivesTheConfigMapAsJsonWithoutEmptyFields()
    {
        var decoded = ProtobufEnvelope.Decode(Hex(KubectlConfigMap));

        Assert.Equal("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"foo"},"data":{"a":"b"}}""", decoded.ToJsonString());
    }

    [Fact]
    public void Decode_KubectlNamespaceBytes_GivesTheNamespaceAsJson()
    {
        var decoded = ProtobufEnvelope.Decode(Hex(KubectlNamespace));

        Assert.Equal("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"},"spec":{},"status":{}}""", decoded.ToJsonString());
    }

    [Fact]
    public void Decode_MetadataWithLabelsFinalizersAndTimestamp_MapsEveryField()
    {
        var metadata = Message(
            (1, Text("web")),
            (3, Text("apps")),
            (7, Varint(3)),
            (8, Message((1, Varint(1_767_225_600)))), // 2026-01-01T00:00:00Z
            (11, Message((1, Text("app")), (2, Text("web")))),
            (11, Message((1, Text("tier")), (2, Text("front")))),
            (14, Text("example.test/cleanup")),
            (14, Text("example.test/audit")));
        var secret = Envelope("v1", "Secret", Message((1, metadata), (2, Message((1, Text("token")), (2, Bytes([0x00, 0xff])))), (3, Text("Opaque")), (5, Varint(1))));

        var decoded = ProtobufEnvelope.Decode(secret);

        Assert.Equal("web", decoded.Str("metadata", "name"));
        Assert.Equal("apps", decoded.Str("metadata", "namespace"));
        Assert.Equal("3", decoded.Str("metadata", "generation"));
        Assert.Equal("2026-01-01T00:00:00Z", decoded.Str("metadata", "creationTimestamp"));
        Assert.Equal("""{"app":"web","tier":"front"}""", decoded.At("metadata", "labels")!.ToJsonString());
        Assert.Equal("""["example.test/cleanup","example.test/audit"]""", decoded.At("metadata", "finalizers")!.ToJsonString());
        Assert.Equal("AP8=", decoded.Str("data", "token"));
        Assert.Equal("Opaque", decoded.Str("type"));
        Assert.Equal("true", decoded.Str("immutable"));
    }

    [Fact]
    public async Task Post_KubectlConfigMapBytes_CreatesTheConfigMap()
    {
        var (status, body) = await SendProtobufAsync(HttpMethod.Post, Objects.ConfigMaps + "?fieldManager=kubectl-create", Hex(KubectlConfigMap));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("b", body.Str("data", "a"));
        Assert.Equal("b", Server.Store.Get("v1", "ConfigMap", "default", "foo")!.Str("data", "a"));
        Assert.NotNull(body.Managed("kubectl-create", "Update"));
    }

    [Fact]
    public async Task Put_ProtobufScaleToZero_ScalesTheDeploymentToZero()
    {
        await Api.ApplyAsync(Objects.Deployments + "/web", Objects.Deployment(replicas: 2), "gitops");
        var scale = Envelope("autoscaling/v1", "Scale", Message(
            (1, Message((1, Text("web")), (3, Text("default")))),
            (2, Message((1, Varint(0))))));

        var (status, body) = await SendProtobufAsync(HttpMethod.Put, Objects.Deployments + "/web/scale?fieldManager=autoscaler", scale);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("0", body.Str("spec", "replicas"));
        Assert.Equal("0", Server.Store.Get("apps/v1", "Deployment", "default", "web")!.Str("spec", "replicas"));
    }

    [Fact]
    public async Task Post_ProtobufDeployment_Is415NamingTheKindsItReads()
    {
        var deployment = Envelope("apps/v1", "Deployment", Message((1, Message((1, Text("web"))))));

        var (status, body) = await SendProtobufAsync(HttpMethod.Post, Objects.Deployments, deployment);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("UnsupportedMediaType", body.Str("reason"));
        Assert.Contains("apps/v1 Deployment", body.Str("message"), StringComparison.Ordinal);
        Assert.Contains("ConfigMap", body.Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ProtobufWithoutMagic_Is400()
    {
        var (status, body) = await SendProtobufAsync(HttpMethod.Post, Objects.ConfigMaps, Hex(KubectlConfigMap)[4..]);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("magic", body.Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_TruncatedProtobuf_Is400()
    {
        var (status, body) = await SendProtobufAsync(HttpMethod.Post, Objects.ConfigMaps, Hex(KubectlConfigMap)[..30]);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("malformed", body.Str("message"), StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> SendProtobufAsync(HttpMethod method, string path, byte[] body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ProtobufEnvelope.ContentType);
        request.Headers.Accept.ParseAdd("application/vnd.kubernetes.protobuf,application/json");
        using var response = await Api.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    // A tiny protobuf writer for test inputs: each field is (number, encoded value with its wire type).
    private static byte[] Envelope(string apiVersion, string kind, Field raw) =>
        [.. "k8s\0"u8.ToArray(), .. Message((1, Message((1, Text(apiVersion)), (2, Text(kind)))), (2, Bytes(raw.Bytes))).Bytes];

    private static Field Text(string value) => new(WireFormat.WireType.LengthDelimited, ByteString.CopyFromUtf8(value).ToByteArray());

    private static Field Bytes(byte[] value) => new(WireFormat.WireType.LengthDelimited, value);

    private static Field Varint(long value) => new(WireFormat.WireType.Varint, [], value);

    private static Field Message(params (int Number, Field Value)[] fields) => new(WireFormat.WireType.LengthDelimited, Encode(output =>
    {
        foreach (var (number, value) in fields)
        {
            output.WriteTag(number, value.WireType);
            if (value.WireType == WireFormat.WireType.LengthDelimited)
            {
                output.WriteBytes(ByteString.CopyFrom(value.Bytes));
            }
            else
            {
                output.WriteInt64(value.Number);
            }
        }
    }));

    private static byte[] Encode(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(output);
        output.Flush();
        return buffer.ToArray();
    }

    private sealed record Field(WireFormat.WireType WireType, byte[] Bytes, long Number = 0);
}
