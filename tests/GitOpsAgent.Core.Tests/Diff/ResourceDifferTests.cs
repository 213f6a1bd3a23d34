using System.Text.Json.Nodes;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Tests.Diff;

public sealed class ResourceDifferTests
{
    private const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: shop
        data:
          mode: fast
        """;

    [Fact]
    public void Diff_LiveMissing_IsCreateWithWholeObjectAdded()
    {
        var result = ResourceDiffer.Diff(TestData.Yaml(ConfigMap), null, new DiffOptions());

        Assert.Equal(DiffAction.Create, result.Action);
        Assert.Equal(new ResourceKey("", "ConfigMap", "shop", "settings"), result.Key);
        Assert.Contains("+  mode: fast", result.UnifiedDiff, StringComparison.Ordinal);
        Assert.DoesNotContain("\n-", result.UnifiedDiff, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_DesiredMissing_IsPruneWithoutDifferences()
    {
        var result = ResourceDiffer.Diff(null, TestData.Yaml(ConfigMap), new DiffOptions());

        Assert.Equal(DiffAction.Prune, result.Action);
        Assert.Empty(result.Differences);
        Assert.Contains("-  mode: fast", result.UnifiedDiff, StringComparison.Ordinal);
        Assert.DoesNotContain("\n+ ", result.UnifiedDiff, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_BothMissing_Throws() =>
        Assert.Throws<ArgumentException>(() => ResourceDiffer.Diff(null, null, new DiffOptions()));

    [Fact]
    public void Diff_SecretCreate_MasksValuesInDiffAndDifferences()
    {
        var secret = TestData.Yaml("""
            apiVersion: v1
            kind: Secret
            metadata: {name: db, namespace: shop}
            stringData: {password: hunter2}
            """);

        var result = ResourceDiffer.Diff(secret, null, new DiffOptions());

        Assert.DoesNotContain("hunter2", result.UnifiedDiff, StringComparison.Ordinal);
        Assert.DoesNotContain("aHVudGVyMg", result.UnifiedDiff, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Differences, d => d.Desired?.ToJsonString().Contains("aHVudGVyMg", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Diff_TrackingAnnotationMissingInLive_IsADifference()
    {
        var desired = TestData.Yaml(ConfigMap);
        desired.SetAnnotation("gitopsagent.io/tracking-id", "argo/app:/ConfigMap:shop/settings");

        var result = ResourceDiffer.Diff(desired, TestData.Yaml(ConfigMap), new DiffOptions());

        Assert.Equal(DiffAction.Modified, result.Action);
        Assert.Equal("metadata.annotations", Assert.Single(result.Differences).Path);
    }

    [Fact]
    public void Diff_IgnoreAggregatedRoles_DropsAggregatedRules()
    {
        var desired = TestData.Yaml("""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: view-all}
            aggregationRule:
              clusterRoleSelectors: [{matchLabels: {aggregate: "true"}}]
            rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
            """);
        var live = (JsonObject)desired.DeepClone();
        live["rules"] = JsonNode.Parse("""[{"apiGroups":[""],"resources":["pods","services"],"verbs":["get"]}]""");

        Assert.Equal(DiffAction.Modified, ResourceDiffer.Diff(desired, live, new DiffOptions()).Action);
        Assert.Equal(DiffAction.InSync, ResourceDiffer.Diff(desired, live, new DiffOptions { IgnoreAggregatedRoles = true }).Action);
    }

    [Fact]
    public void Diff_DoesNotModifyInputs()
    {
        var desired = TestData.Yaml(ConfigMap);
        var live = TestData.Yaml(ConfigMap);
        live.SetAnnotation("kubectl.kubernetes.io/last-applied-configuration", "{}");
        var desiredBefore = desired.ToJsonString();
        var liveBefore = live.ToJsonString();

        ResourceDiffer.Diff(desired, live, new DiffOptions());

        Assert.Equal(desiredBefore, desired.ToJsonString());
        Assert.Equal(liveBefore, live.ToJsonString());
    }

    [Fact]
    public void Diff_CustomResourceListMapFromCrdSchema_ComparesItemsByKey()
    {
        var crd = TestData.Yaml("""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: routes.example.com}
            spec:
              group: example.com
              names: {kind: Route, plural: routes}
              scope: Namespaced
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema:
                      type: object
                      properties:
                        spec:
                          type: object
                          properties:
                            backends:
                              type: array
                              x-kubernetes-list-type: map
                              x-kubernetes-list-map-keys: [name]
                              items:
                                type: object
                                properties:
                                  name: {type: string}
                                  weight: {type: integer}
            """);
        var desired = TestData.Yaml("""
            apiVersion: example.com/v1
            kind: Route
            metadata: {name: r, namespace: shop}
            spec:
              backends: [{name: a, weight: 1}, {name: b, weight: 2}]
            """);
        var live = TestData.Yaml("""
            apiVersion: example.com/v1
            kind: Route
            metadata: {name: r, namespace: shop}
            spec:
              backends: [{name: b, weight: 2}, {name: a, weight: 1}]
            """);

        var withSchema = ResourceDiffer.Diff(desired, live, new DiffOptions(ListTypes: GitOpsAgent.Core.Schema.ListTypeTable.Builtin.WithCustomResourceDefinition(crd)));
        var withoutSchema = ResourceDiffer.Diff(desired, live, new DiffOptions());

        Assert.Equal(DiffAction.InSync, withSchema.Action);
        Assert.Equal(DiffAction.Modified, withoutSchema.Action);
        Assert.Equal("spec.backends", Assert.Single(withoutSchema.Differences).Path);
    }

    [Fact]
    public void Diff_OurApplyEntryWinsOverLastAppliedAnnotation()
    {
        var desired = TestData.Yaml(ConfigMap);
        var live = TestData.Yaml(ConfigMap);
        live["data"]!["legacy"] = "yes";
        live.SetAnnotation("kubectl.kubernetes.io/last-applied-configuration", """{"data":{"mode":"fast","legacy":"yes"}}""");
        live["metadata"]!["managedFields"] = JsonNode.Parse("""[{"manager":"gitops-agent","operation":"Apply","fieldsV1":{"f:data":{"f:mode":{}}}}]""");

        var result = ResourceDiffer.Diff(desired, live, new DiffOptions());

        Assert.Equal(ResourceDiffer.SourceManagedFields, result.LastAppliedSource);
        Assert.Equal(DiffAction.InSync, result.Action);
    }

    [Fact]
    public void Diff_OtherFieldManagerOption_ReadsThatManagersApplyEntry()
    {
        var desired = TestData.Yaml(ConfigMap);
        var live = TestData.Yaml(ConfigMap);
        live["data"]!["legacy"] = "yes";
        live["metadata"]!["managedFields"] = JsonNode.Parse("""[{"manager":"flux","operation":"Apply","fieldsV1":{"f:data":{"f:mode":{},"f:legacy":{}}}}]""");

        Assert.Equal(DiffAction.InSync, ResourceDiffer.Diff(desired, live, new DiffOptions()).Action);
        Assert.Equal("data.legacy", Assert.Single(ResourceDiffer.Diff(desired, live, new DiffOptions("flux")).Differences).Path);
    }

    [Fact]
    public void Diff_NamespaceOnClusterScopedDesired_IsNotADifference()
    {
        var desired = TestData.Yaml("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader, namespace: shop}\nrules: []\n");
        var live = TestData.Yaml("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader, uid: x}\n");

        Assert.Equal(DiffAction.InSync, ResourceDiffer.Diff(desired, live, new DiffOptions()).Action);
    }
}
