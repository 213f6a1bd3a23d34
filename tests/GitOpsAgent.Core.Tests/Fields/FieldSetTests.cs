using System.Text.Json.Nodes;
using GitOpsAgent.Core.Fields;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Schema;

namespace GitOpsAgent.Core.Tests.Fields;

public class FieldSetTests
{
    private static JsonObject Yaml(string text) => (JsonObject)YamlDocumentReader.Read(text, "test.yaml")[0].Root!;

    [Fact]
    public void FromObject_Deployment_MatchesTheFieldsV1ThatTheApiServerRecords()
    {
        var deployment = Yaml("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: default
              labels: {app: web}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
                      args: [--port, "8080"]
                      ports: [{containerPort: 8080}]
            status: {replicas: 2}
            """);

        var set = FieldSet.FromObject(deployment, ListTypeTable.Builtin);

        var expected = Yaml("""
            f:metadata: {f:labels: {f:app: {}}}
            f:spec:
              f:replicas: {}
              f:selector: {f:matchLabels: {f:app: {}}}
              f:template:
                f:metadata: {f:labels: {f:app: {}}}
                f:spec:
                  f:containers:
                    'k:{"name":"web"}':
                      .: {}
                      f:args: {}
                      f:image: {}
                      f:name: {}
                      f:ports:
                        'k:{"containerPort":8080,"protocol":"TCP"}':
                          .: {}
                          f:containerPort: {}
            """);
        Assert.True(JsonNode.DeepEquals(expected, set.ToFieldsV1()), set.ToFieldsV1().ToJsonString());
    }

    [Fact]
    public void FromFieldsV1_RoundTrips()
    {
        var fields = Yaml("""
            f:metadata: {f:labels: {.: {}, f:app: {}}, f:finalizers: {'v:"a.example.com/x"': {}}}
            f:spec: {f:replicas: {}}
            """);

        var set = FieldSet.FromFieldsV1(fields);

        Assert.True(JsonNode.DeepEquals(fields, set.ToFieldsV1()));
        Assert.True(set.ContainsPath([PathElement.Field("metadata"), PathElement.Field("labels")]));
        Assert.True(set.ContainsPath([PathElement.Field("metadata"), PathElement.Field("finalizers"), PathElement.Value(JsonValue.Create("a.example.com/x"))]));
        Assert.False(set.ContainsPath([PathElement.Field("spec")]));
    }

    [Fact]
    public void SetOperations_BehaveAsOnSetsOfPaths()
    {
        var a = FieldSet.FromFieldsV1(Yaml("{f:spec: {f:replicas: {}, f:paused: {}}}"));
        var b = FieldSet.FromFieldsV1(Yaml("{f:spec: {f:replicas: {}, f:minReadySeconds: {}}}"));

        Assert.Equal("""{"f:spec":{"f:paused":{}}}""", a.Difference(b).ToString());
        Assert.Equal("""{"f:spec":{"f:replicas":{}}}""", a.Intersect(b).ToString());
        Assert.Equal(3, a.Union(b).Paths().Count());
        Assert.True(a.Difference(a).IsEmpty);
    }

    [Fact]
    public void Locate_KeyElement_FindsItemWithDefaultedProtocol()
    {
        var ports = (JsonArray)JsonNode.Parse("""[{"containerPort":80},{"containerPort":53,"protocol":"UDP"}]""")!;
        var tcp80 = PathElement.Key(new JsonObject { ["containerPort"] = 80, ["protocol"] = "TCP" });
        var udp53 = PathElement.Key(new JsonObject { ["containerPort"] = 53, ["protocol"] = "UDP" });
        var tcp53 = PathElement.Key(new JsonObject { ["containerPort"] = 53, ["protocol"] = "TCP" });

        Assert.Same(ports[0], tcp80.Locate(ports));
        Assert.Same(ports[1], udp53.Locate(ports));
        Assert.Null(tcp53.Locate(ports));
    }
}
