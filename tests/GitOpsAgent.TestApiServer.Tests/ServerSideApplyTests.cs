using System.Net;
using System.Text.Json.Nodes;

namespace GitOpsAgent.TestApiServer.Tests;

public sealed class ServerSideApplyTests : IAsyncLifetime
{
    private TestApiServer _server = null!;
    private ApiClient _api = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestApiServer.StartAsync(ct: TestContext.Current.CancellationToken);
        _api = new ApiClient(_server.BaseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _server.DisposeAsync();
    }

    private const string Web = Objects.Deployments + "/web";

    [Fact]
    public async Task Apply_NewObject_CreatesItOwnedByTheApplier()
    {
        var (status, body) = await _api.ApplyAsync(Web, Objects.Deployment(), "gitops");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("1", body.Str("metadata", "generation"));
        Assert.True(Guid.TryParse(body.Str("metadata", "uid"), out _));
        Assert.NotNull(body.Str("metadata", "creationTimestamp"));
        Assert.True(body.Owns("gitops", "Apply", "f:spec", "f:replicas"));
        Assert.Equal("apps/v1", body.Managed("gitops", "Apply")!.Str("apiVersion"));
        Assert.Equal("FieldsV1", body.Managed("gitops", "Apply")!.Str("fieldsType"));
    }

    [Fact]
    public async Task Apply_Unchanged_KeepsResourceVersionAndSendsNoWatchEvent()
    {
        var (_, first) = await _api.ApplyAsync(Web, Objects.Deployment(), "gitops");
        var writesBefore = _server.Store.CurrentResourceVersion;

        var (status, second) = await _api.ApplyAsync(Web, Objects.Deployment(), "gitops");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(first.Str("metadata", "resourceVersion"), second.Str("metadata", "resourceVersion"));
        Assert.Equal(first.Managed("gitops", "Apply")!.Str("time"), second.Managed("gitops", "Apply")!.Str("time"));
        Assert.Equal(writesBefore, _server.Store.CurrentResourceVersion);
    }

    [Fact]
    public async Task Apply_ValueOwnedByAnotherManager_ConflictsNamingManagerAndField()
    {
        await _api.ApplyAsync(Web, Objects.Deployment(), "gitops");
        await _api.MergePatchAsync(Web, """{"spec":{"replicas":5}}""", "operator");

        var (status, body) = await _api.ApplyAsync(Web, Objects.Deployment(), "gitops");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Conflict", body.Str("reason"));
        var cause = body.At("details", "causes", "0");
        Assert.Equal("FieldManagerConflict", cause.Str("reason"));
        Assert.Equal(".spec.replicas", cause.Str("field"));
        Assert.Equal("conflict with \"operator\" using apps/v1: .spec.replicas", cause.Str("message"));
        Assert.Contains("Apply failed with 1 conflict", body.Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_WithForce_TakesTheFieldFromTheOtherManager()
    {
        await _api.ApplyAsync(Web, Objects.Deployment(), "gitops");
        await _api.MergePatchAsync(Web, """{"spec":{"replicas":5}}""", "operator");

        var (status, body) = await _api.ApplyAsync(Web, Objects.Deployment(), "gitops", force: true);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2", body.Str("spec", "replicas"));
        Assert.True(body.Owns("gitops", "Apply", "f:spec", "f:replicas"));
        Assert.Null(body.Managed("operator", "Update"));
    }

    [Fact]
    public async Task Apply_FieldNoLongerApplied_IsRemovedFromTheObject()
    {
        var withTier = Objects.Deployment();
        withTier["metadata"]!["labels"]!["tier"] = "front";
        await _api.ApplyAsync(Web, withTier, "gitops");

        var (_, body) = await _api.ApplyAsync(Web, Objects.Deployment(), "gitops");

        Assert.Null(body.At("metadata", "labels", "tier"));
        Assert.Equal("web", body.Str("metadata", "labels", "app"));
    }

    [Fact]
    public async Task Apply_FieldDroppedButOwnedByAnotherApplier_StaysOnTheObject()
    {
        var withTier = Objects.Deployment();
        withTier["metadata"]!["labels"]!["tier"] = "front";
        await _api.ApplyAsync(Web, withTier, "gitops");
        await _api.ApplyAsync(Web, Json.Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"tier":"front"}}}"""), "other");

        var (_, body) = await _api.ApplyAsync(Web, Objects.Deployment(), "gitops");

        Assert.Equal("front", body.Str("metadata", "labels", "tier"));
        Assert.False(body.Owns("gitops", "Apply", "f:metadata", "f:labels", "f:tier"));
        Assert.True(body.Owns("other", "Apply", "f:metadata", "f:labels", "f:tier"));
    }

    [Fact]
    public async Task Apply_SameValueAsAnotherManager_CoOwnsWithoutConflict()
    {
        await _api.ApplyAsync(Web, Objects.Deployment(), "gitops");
        var sameReplicas = Json.Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":2}}""");

        var (status, body) = await _api.ApplyAsync(Web, sameReplicas, "second");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.Owns("gitops", "Apply", "f:spec", "f:replicas"));
        Assert.True(body.Owns("second", "Apply", "f:spec", "f:replicas"));
    }

    [Fact]
    public async Task Apply_ListMaps_KeepItemsOfOtherManagers()
    {
        await _api.ApplyAsync(Web, Objects.Deployment(extraContainerFields: """, "ports":[{"containerPort":80}], "env":[{"name":"A","value":"1"}]"""), "gitops");
        var sidecar = Json.Obj("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[
              {"name":"web","ports":[{"containerPort":9090,"protocol":"TCP"}],"env":[{"name":"B","value":"2"}]},
              {"name":"sidecar","image":"busybox:1.36"}]}}}}
            """);
        await _api.ApplyAsync(Web, sidecar, "mesh");

        var (_, body) = await _api.ApplyAsync(Web, Objects.Deployment(extraContainerFields: """, "ports":[{"containerPort":80}], "env":[{"name":"A","value":"2"}]"""), "gitops");

        var containers = (JsonArray)body.At("spec", "template", "spec", "containers")!;
        Assert.Equal(["web", "sidecar"], containers.Select(c => c.Str("name")));
        var web = containers[0]!;
        Assert.Equal(["80", "9090"], ((JsonArray)web.At("ports")!).Select(p => p.Str("containerPort")));
        Assert.Equal(["A=2", "B=2"], ((JsonArray)web.At("env")!).Select(e => $"{e.Str("name")}={e.Str("value")}"));
        Assert.True(body.Owns("gitops", "Apply", "f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"web\"}", "f:ports", "k:{\"containerPort\":80,\"protocol\":\"TCP\"}"));
    }

    [Fact]
    public async Task Apply_AtomicList_IsReplacedWhole()
    {
        await _api.ApplyAsync(Web, Objects.Deployment(extraContainerFields: """, "args":["a","b"]"""), "gitops");
        var other = Json.Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"web","args":["c"]}]}}}}""");

        var (status, body) = await _api.ApplyAsync(Web, other, "other", force: true);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["c"], ((JsonArray)body.At("spec", "template", "spec", "containers", "0", "args")!).Select(a => a!.ToString()));
        Assert.False(body.Owns("gitops", "Apply", "f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"web\"}", "f:args"));
    }

    [Fact]
    public async Task ScaleSubresource_Update_TakesReplicasAndLaterApplyConflicts()
    {
        await _api.ApplyAsync(Web, Objects.Deployment(), "gitops");

        var (status, scale) = await _api.PatchAsync(Web + "/scale", """{"spec":{"replicas":5}}""", "application/merge-patch+json", "kubectl-scale");
        var (_, live) = await _api.GetAsync(Web);
        var (conflictStatus, conflict) = await _api.ApplyAsync(Web, Objects.Deployment(), "gitops");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Scale", scale.Str("kind"));
        Assert.Equal("5", scale.Str("spec", "replicas"));
        Assert.Equal("5", live.Str("spec", "replicas"));
        Assert.NotNull(live.Managed("kubectl-scale", "Update", "scale")?.At("fieldsV1", "f:spec", "f:replicas"));
        Assert.False(live.Owns("gitops", "Apply", "f:spec", "f:replicas"));
        Assert.Equal("2", live.Str("metadata", "generation"));
        Assert.Equal(HttpStatusCode.Conflict, conflictStatus);
        Assert.Contains("conflict with \"kubectl-scale\" with subresource \"scale\"", conflict.Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_DryRun_ReturnsTheResultWithoutStoring()
    {
        var rvBefore = _server.Store.CurrentResourceVersion;

        var (status, body) = await _api.ApplyAsync(Web, Objects.Deployment(), "gitops", dryRun: true);
        var (getStatus, _) = await _api.GetAsync(Web);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("IfNotPresent", body.Str("spec", "template", "spec", "containers", "0", "imagePullPolicy"));
        Assert.Equal(HttpStatusCode.NotFound, getStatus);
        Assert.Equal(rvBefore, _server.Store.CurrentResourceVersion);
    }

    [Fact]
    public async Task Apply_Deployment_RecordsFieldsV1AsTheRealServerDoes()
    {
        var (_, body) = await _api.ApplyAsync(Web, Objects.Deployment(extraContainerFields: """, "ports":[{"containerPort":80}]"""), "gitops");

        var expected = Json.Obj("""
            {
              "f:metadata": {"f:labels": {"f:app": {}}},
              "f:spec": {
                "f:replicas": {},
                "f:selector": {"f:matchLabels": {"f:app": {}}},
                "f:template": {
                  "f:metadata": {"f:labels": {"f:app": {}}},
                  "f:spec": {"f:containers": {"k:{\"name\":\"web\"}": {
                    ".": {}, "f:image": {}, "f:name": {},
                    "f:ports": {"k:{\"containerPort\":80,\"protocol\":\"TCP\"}": {".": {}, "f:containerPort": {}}}
                  }}}
                }
              }
            }
            """);
        var actual = body.Managed("gitops", "Apply")!["fieldsV1"];
        Assert.True(JsonNode.DeepEquals(expected, actual), actual!.ToJsonString());
    }

    [Fact]
    public async Task Apply_Defaults_AreFilledButOwnedByNobody()
    {
        var (_, body) = await _api.ApplyAsync(Web, Objects.Deployment(image: "nginx", replicas: null), "gitops");

        Assert.Equal("1", body.Str("spec", "replicas"));
        Assert.Equal("Always", body.Str("spec", "template", "spec", "containers", "0", "imagePullPolicy"));
        Assert.Equal("/dev/termination-log", body.Str("spec", "template", "spec", "containers", "0", "terminationMessagePath"));
        Assert.Equal("RollingUpdate", body.Str("spec", "strategy", "type"));
        Assert.Equal("ClusterFirst", body.Str("spec", "template", "spec", "dnsPolicy"));
        Assert.Equal("Always", body.Str("spec", "template", "spec", "restartPolicy"));
        var owned = body.Managed("gitops", "Apply")!.ToJsonString();
        Assert.DoesNotContain("imagePullPolicy", owned, StringComparison.Ordinal);
        Assert.DoesNotContain("f:replicas", owned, StringComparison.Ordinal);
        Assert.DoesNotContain("f:strategy", owned, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_ResourceQuantities_AreStoredCanonically()
    {
        var deployment = Objects.Deployment(extraContainerFields: """, "resources":{"requests":{"cpu":"1000m","memory":"1024Mi"},"limits":{"memory":"0.5Gi","cpu":"1.5"}}""");

        var (_, body) = await _api.ApplyAsync(Web, deployment, "gitops");

        var resources = body.At("spec", "template", "spec", "containers", "0", "resources");
        Assert.Equal("1", resources.Str("requests", "cpu"));
        Assert.Equal("1Gi", resources.Str("requests", "memory"));
        Assert.Equal("512Mi", resources.Str("limits", "memory"));
        Assert.Equal("1500m", resources.Str("limits", "cpu"));
    }

    [Fact]
    public async Task Apply_NonCanonicalQuantityAgain_IsTheSameValueNotAConflict()
    {
        var deployment = Objects.Deployment(extraContainerFields: """, "resources":{"requests":{"cpu":"1000m"}}""");
        var (_, first) = await _api.ApplyAsync(Web, deployment, "gitops");
        await _api.MergePatchAsync(Web, """{"metadata":{"labels":{"x":"y"}}}""", "operator");

        var (status, body) = await _api.ApplyAsync(Web, deployment, "other-applier");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("1", body.Str("spec", "template", "spec", "containers", "0", "resources", "requests", "cpu"));
        Assert.Equal(first.Str("metadata", "generation"), body.Str("metadata", "generation"));
    }

    [Fact]
    public async Task Apply_SecretStringData_IsFoldedIntoBase64Data()
    {
        var secret = Json.Obj("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"stringData":{"password":"hunter2"}}""");

        var (status, body) = await _api.ApplyAsync("/api/v1/namespaces/default/secrets/s", secret, "gitops");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("aHVudGVyMg==", body.Str("data", "password"));
        Assert.Null(body["stringData"]);
        Assert.Equal("Opaque", body.Str("type"));
    }

    [Fact]
    public async Task Apply_SetList_MergesFinalizersByValue()
    {
        await _api.ApplyAsync(Objects.ConfigMaps + "/c", Json.Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","finalizers":["a.example/x"]}}"""), "one");

        var (_, body) = await _api.ApplyAsync(Objects.ConfigMaps + "/c", Json.Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","finalizers":["b.example/y"]}}"""), "two");

        Assert.Equal(["a.example/x", "b.example/y"], ((JsonArray)body.At("metadata", "finalizers")!).Select(f => f!.ToString()));
        Assert.True(body.Owns("two", "Apply", "f:metadata", "f:finalizers", "v:\"b.example/y\""));
    }

    [Fact]
    public async Task Update_MergePatch_TakesOnlyTheChangedFields()
    {
        await _api.ApplyAsync(Web, Objects.Deployment(), "gitops");

        var (_, body) = await _api.MergePatchAsync(Web, """{"metadata":{"labels":{"team":"a"}}}""", "operator");

        var update = body.Managed("operator", "Update")!;
        Assert.True(JsonNode.DeepEquals(Json.Obj("""{"f:metadata":{"f:labels":{"f:team":{}}}}"""), update["fieldsV1"]), update.ToJsonString());
        Assert.True(body.Owns("gitops", "Apply", "f:spec", "f:replicas"));
    }

    [Fact]
    public async Task Apply_SameConfigAsJsonThenYaml_IsANoOp()
    {
        var (_, first) = await _api.ApplyAsync(Web, Objects.Deployment(extraContainerFields: """, "ports":[{"containerPort":80}]"""), "gitops");

        var (status, second) = await _api.ApplyYamlAsync(Web, """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {app: web}
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                    ports:
                    - containerPort: 80
            """, "gitops");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(first.Str("metadata", "resourceVersion"), second.Str("metadata", "resourceVersion"));
    }

    [Fact]
    public async Task Apply_OverAnUntrackedObject_ConflictsWithBeforeFirstApply()
    {
        _server.Store.Put(Objects.ConfigMap("legacy", dataJson: """{"a":"old","b":"kept"}"""));

        var (conflict, body) = await _api.ApplyAsync(Objects.ConfigMaps + "/legacy", Objects.ConfigMap("legacy", dataJson: """{"a":"new"}"""), "gitops");
        var (forced, applied) = await _api.ApplyAsync(Objects.ConfigMaps + "/legacy", Objects.ConfigMap("legacy", dataJson: """{"a":"new"}"""), "gitops", force: true);

        Assert.Equal(HttpStatusCode.Conflict, conflict);
        Assert.Contains("conflict with \"before-first-apply\"", body.Str("message"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, forced);
        Assert.Equal("new", applied.Str("data", "a"));
        Assert.Equal("kept", applied.Str("data", "b"));
        Assert.True(applied.Owns("before-first-apply", "Update", "f:data", "f:b"));
    }

    [Fact]
    public async Task Apply_YamlBody_IsAccepted()
    {
        var (status, body) = await _api.ApplyYamlAsync(Objects.ConfigMaps + "/from-yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: from-yaml
            data:
              enabled: "true"
            """, "gitops");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("true", body.Str("data", "enabled"));
    }
}
