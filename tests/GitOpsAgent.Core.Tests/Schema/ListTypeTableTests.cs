using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Schema;

namespace GitOpsAgent.Core.Tests.Schema;

public class ListTypeTableTests
{
    [Theory]
    [InlineData("apps", "Deployment", "spec.template.spec.containers", ListType.Map, "name")]
    [InlineData("apps", "Deployment", "spec.template.spec.containers[].ports", ListType.Map, "containerPort,protocol")]
    [InlineData("apps", "Deployment", "spec.template.spec.containers[].volumeMounts", ListType.Map, "mountPath")]
    [InlineData("", "Service", "spec.ports", ListType.Map, "port,protocol")]
    [InlineData("apps", "Deployment", "spec.template.spec.containers[].args", ListType.Atomic, "")]
    [InlineData("apps", "Deployment", "metadata.finalizers", ListType.Set, "")]
    [InlineData("example.com", "Widget", "metadata.ownerReferences", ListType.Map, "uid")]
    [InlineData("example.com", "Widget", "spec.items", ListType.Atomic, "")]
    public void ForPath_BuiltinKinds_FollowsKubernetesMarkers(string group, string kind, string path, ListType expected, string keys)
    {
        var schema = ListTypeTable.Builtin.ForPath(group, kind, path);

        Assert.Equal(expected, schema.Type);
        Assert.Equal(keys, string.Join(",", schema.Keys));
    }

    [Fact]
    public void WithCustomResourceDefinition_ListMarkersInSchema_AreUsedForThatKind()
    {
        var crd = (JsonObject)YamlDocumentReader.Read("""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              names: {kind: Widget, plural: widgets}
              versions:
                - name: v1
                  schema:
                    openAPIV3Schema:
                      type: object
                      properties:
                        spec:
                          type: object
                          properties:
                            gates:
                              type: array
                              x-kubernetes-list-type: map
                              x-kubernetes-list-map-keys: [name, zone]
                              items:
                                type: object
                                properties:
                                  tags: {type: array, x-kubernetes-list-type: set, items: {type: string}}
                            labelsByTeam:
                              type: object
                              additionalProperties:
                                type: array
                                x-kubernetes-list-type: set
                                items: {type: string}
            """, "crd.yaml")[0].Root!;

        var table = ListTypeTable.Builtin.WithCustomResourceDefinition(crd);

        Assert.Equal(new[] { "name", "zone" }, table.ForPath("example.com", "Widget", "spec.gates").Keys);
        Assert.Equal(ListType.Set, table.ForPath("example.com", "Widget", "spec.gates[].tags").Type);
        Assert.Equal(ListType.Set, table.ForPath("example.com", "Widget", "spec.labelsByTeam.blue").Type);
        Assert.Equal(ListType.Atomic, table.ForPath("example.com", "Widget", "spec.other").Type);
        Assert.Equal(ListType.Atomic, ListTypeTable.Builtin.ForPath("example.com", "Widget", "spec.gates").Type);
    }
}
