using System.Net;
using System.Text.Json.Nodes;

namespace GitOpsAgent.TestApiServer.Tests;

public sealed class CrudTests : ServerTestBase
{
    [Fact]
    public async Task Create_Twice_SecondIsAlreadyExists()
    {
        var (first, _) = await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap("c"));
        var (second, body) = await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap("c"));

        Assert.Equal(HttpStatusCode.Created, first);
        Assert.Equal(HttpStatusCode.Conflict, second);
        Assert.Equal("AlreadyExists", body.Str("reason"));
        Assert.Equal("configmaps \"c\" already exists", body.Str("message"));
    }

    [Fact]
    public async Task Get_Missing_IsNotFoundWithStatusBody()
    {
        var (status, body) = await Api.GetAsync(Objects.ConfigMaps + "/missing");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Status", body.Str("kind"));
        Assert.Equal("NotFound", body.Str("reason"));
        Assert.Equal("missing", body.Str("details", "name"));
    }

    [Fact]
    public async Task Create_InMissingNamespace_IsNamespaceNotFound()
    {
        var (status, body) = await Api.CreateAsync("/api/v1/namespaces/nope/configmaps", Objects.ConfigMap("c"));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("namespaces \"nope\" not found", body.Str("message"));
    }

    [Fact]
    public async Task Put_WithStaleResourceVersion_IsConflict()
    {
        var (_, created) = await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap("c"));
        var update = (JsonObject)created.DeepClone();
        update["data"] = new JsonObject { ["a"] = "2" };
        await Api.PutAsync(Objects.ConfigMaps + "/c", update);

        var (status, body) = await Api.PutAsync(Objects.ConfigMaps + "/c", update);

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Conflict", body.Str("reason"));
    }

    [Fact]
    public async Task Put_SpecChange_BumpsGenerationAndResourceVersion()
    {
        var (_, created) = await Api.ApplyAsync(Objects.Deployments + "/web", Objects.Deployment(), "gitops");
        var update = (JsonObject)created.DeepClone();
        update["spec"]!["replicas"] = 4;
        update["metadata"]!["labels"]!["x"] = "y";

        var (status, body) = await Api.PutAsync(Objects.Deployments + "/web", update, "editor");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2", body.Str("metadata", "generation"));
        Assert.True(long.Parse(body.Str("metadata", "resourceVersion")!) > long.Parse(created.Str("metadata", "resourceVersion")!));
        Assert.True(body.Owns("editor", "Update", "f:spec", "f:replicas"));
    }

    [Fact]
    public async Task Put_MetadataOnlyChange_KeepsGeneration()
    {
        var (_, created) = await Api.ApplyAsync(Objects.Deployments + "/web", Objects.Deployment(), "gitops");
        var update = (JsonObject)created.DeepClone();
        update["metadata"]!["labels"]!["x"] = "y";

        var (_, body) = await Api.PutAsync(Objects.Deployments + "/web", update, "editor");

        Assert.Equal("1", body.Str("metadata", "generation"));
    }

    [Fact]
    public async Task MainEndpoint_IgnoresStatus_AndStatusSubresourceWritesOnlyStatus()
    {
        await Api.ApplyAsync(Objects.Deployments + "/web", Objects.Deployment(), "gitops");

        var (_, viaMain) = await Api.MergePatchAsync(Objects.Deployments + "/web", """{"status":{"replicas":99}}""", "x");
        var (_, viaStatus) = await Api.MergePatchAsync(Objects.Deployments + "/web/status", """{"status":{"replicas":7},"spec":{"replicas":9}}""", "controller");

        Assert.Equal("2", viaMain.Str("status", "replicas"));
        Assert.Equal("7", viaStatus.Str("status", "replicas"));
        Assert.Equal("2", viaStatus.Str("spec", "replicas"));
        Assert.Equal("status", viaStatus.Managed("controller", "Update", "status")!.Str("subresource"));
    }

    [Fact]
    public async Task FakeControllers_DeploymentWritten_IsReportedAvailable()
    {
        var (_, body) = await Api.ApplyAsync(Objects.Deployments + "/web", Objects.Deployment(replicas: 3), "gitops");

        Assert.Equal("1", body.Str("status", "observedGeneration"));
        Assert.Equal("3", body.Str("status", "readyReplicas"));
        Assert.Equal("3", body.Str("status", "availableReplicas"));
        Assert.Equal("NewReplicaSetAvailable", body.Str("status", "conditions", "1", "reason"));
    }

    [Fact]
    public async Task FakeControllers_PodAndLoadBalancer_LookReady()
    {
        var pod = Json.Obj("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox:1.36"}]}}""");
        var lb = Json.Obj("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","ports":[{"port":80}]}}""");

        var (_, podBody) = await Api.ApplyAsync("/api/v1/namespaces/default/pods/p", pod, "gitops");
        var (_, lbBody) = await Api.ApplyAsync("/api/v1/namespaces/default/services/lb", lb, "gitops");

        Assert.Equal("Running", podBody.Str("status", "phase"));
        Assert.Equal("true", podBody.Str("status", "containerStatuses", "0", "ready"));
        Assert.NotNull(lbBody.Str("status", "loadBalancer", "ingress", "0", "ip"));
    }

    [Theory]
    [InlineData(null, "Complete", null)]
    [InlineData("Failed", "Failed", "BackoffLimitExceeded")]
    [InlineData("Running", null, null)]
    public async Task FakeControllers_JobResultAnnotation_DecidesHowTheJobEnds(string? result, string? condition, string? reason)
    {
        var annotations = result is null ? "{}" : $$"""{"testapiserver.gitopsagent.io/job-result": "{{result}}"}""";
        var job = Json.Obj("""{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"migrate","annotations":ANNOTATIONS},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"m","image":"busybox:1.36"}]}}}}""".Replace("ANNOTATIONS", annotations, StringComparison.Ordinal));

        var (_, body) = await Api.ApplyAsync("/apis/batch/v1/namespaces/default/jobs/migrate", job, "gitops");

        Assert.Equal(condition, body.Str("status", "conditions", "0", "type"));
        Assert.Equal(reason, body.Str("status", "conditions", "0", "reason"));
        Assert.Equal(result == "Running" ? "1" : null, body.Str("status", "active"));
    }

    [Fact]
    public async Task FakeControllers_StuckRollout_HasNoReplicaAvailable()
    {
        var deployment = Objects.Deployment(replicas: 2);
        deployment["metadata"]!["annotations"] = new JsonObject { ["testapiserver.gitopsagent.io/rollout"] = "Stuck" };

        var (_, body) = await Api.ApplyAsync(Objects.Deployments + "/web", deployment, "gitops");

        Assert.Equal("0", body.Str("status", "availableReplicas"));
        Assert.Equal("False", body.Str("status", "conditions", "0", "status"));
        Assert.Equal("ReplicaSetUpdated", body.Str("status", "conditions", "1", "reason"));
    }

    [Fact]
    public async Task FakeControllersOff_DeploymentHasNoStatus()
    {
        await using var quiet = await TestApiServer.StartAsync(new TestApiServerOptions { FakeControllers = false }, TestContext.Current.CancellationToken);
        using var api = new ApiClient(quiet.BaseAddress);

        var (_, body) = await api.ApplyAsync(Objects.Deployments + "/web", Objects.Deployment(), "gitops");

        Assert.Null(body["status"]);
    }

    [Fact]
    public async Task Delete_WithFinalizer_WaitsUntilTheFinalizerIsRemoved()
    {
        var cm = Objects.ConfigMap("c");
        cm["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await Api.CreateAsync(Objects.ConfigMaps, cm);

        var (deleteStatus, deleting) = await Api.DeleteAsync(Objects.ConfigMaps + "/c");
        var (stillThere, _) = await Api.GetAsync(Objects.ConfigMaps + "/c");
        await Api.PatchAsync(Objects.ConfigMaps + "/c", """[{"op":"remove","path":"/metadata/finalizers"}]""", "application/json-patch+json", "controller");
        var (gone, _) = await Api.GetAsync(Objects.ConfigMaps + "/c");

        Assert.Equal(HttpStatusCode.OK, deleteStatus);
        Assert.NotNull(deleting.Str("metadata", "deletionTimestamp"));
        Assert.Equal(HttpStatusCode.OK, stillThere);
        Assert.Equal(HttpStatusCode.NotFound, gone);
    }

    [Fact]
    public async Task Delete_WithWrongUidPrecondition_IsConflict()
    {
        await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap("c"));

        var (status, _) = await Api.DeleteAsync(Objects.ConfigMaps + "/c", Json.Obj("""{"preconditions":{"uid":"not-it"}}"""));
        var (still, _) = await Api.GetAsync(Objects.ConfigMaps + "/c");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(HttpStatusCode.OK, still);
    }

    [Fact]
    public async Task Delete_Namespace_DeletesWhatIsInIt()
    {
        await Api.CreateAsync("/api/v1/namespaces", Json.Obj("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team"}}"""));
        await Api.CreateAsync("/api/v1/namespaces/team/configmaps", Objects.ConfigMap("c"));

        await Api.DeleteAsync("/api/v1/namespaces/team");
        var (status, _) = await Api.GetAsync("/api/v1/namespaces/team/configmaps/c");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Empty(Server.Store.List("v1", "ConfigMap", "team"));
    }

    [Fact]
    public async Task Service_ClusterIpAllocatedAndImmutable()
    {
        var service = Json.Obj("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}""");
        var (_, created) = await Api.ApplyAsync("/api/v1/namespaces/default/services/web", service, "gitops");

        var (status, body) = await Api.MergePatchAsync("/api/v1/namespaces/default/services/web", """{"spec":{"clusterIP":"10.0.0.1"}}""", "x");

        Assert.StartsWith("10.96.", created.Str("spec", "clusterIP"), StringComparison.Ordinal);
        Assert.Equal("ClusterIP", created.Str("spec", "type"));
        Assert.Equal("TCP", created.Str("spec", "ports", "0", "protocol"));
        Assert.Equal("None", created.Str("spec", "sessionAffinity"));
        Assert.Equal("Cluster", created.Str("spec", "internalTrafficPolicy"));
        Assert.Equal("80", created.Str("spec", "ports", "0", "targetPort"));
        Assert.Equal((HttpStatusCode)422, status);
        Assert.Equal("Invalid", body.Str("reason"));
        Assert.Equal("spec.clusterIPs[0]", body.Str("details", "causes", "0", "field"));
    }

    [Fact]
    public async Task Job_TemplateChange_IsInvalid()
    {
        var job = Json.Obj("""{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox:1.36"}]}}}}""");
        var (_, created) = await Api.ApplyAsync("/apis/batch/v1/namespaces/default/jobs/j", job, "gitops");
        job["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "busybox:1.37";

        var (status, _) = await Api.ApplyAsync("/apis/batch/v1/namespaces/default/jobs/j", job, "gitops");

        Assert.Equal("Complete", created.Str("status", "conditions", "0", "type"));
        Assert.Equal((HttpStatusCode)422, status);
    }

    [Fact]
    public async Task Patch_ExplicitManagedFields_ReplaceTheServersBookkeeping()
    {
        await Api.ApplyAsync(Objects.ConfigMaps + "/c", Objects.ConfigMap("c"), "old");
        var replacement = """
            [{"op":"replace","path":"/metadata/managedFields","value":[
              {"manager":"new","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{}}}}]}]
            """;

        var (status, body) = await Api.PatchAsync(Objects.ConfigMaps + "/c", replacement, "application/json-patch+json", "kubectl");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(body.Managed("new", "Apply"));
        Assert.Null(body.Managed("old", "Apply"));
        Assert.Null(body.Managed("kubectl", "Update"));
    }

    [Fact]
    public async Task Discovery_ServesBuiltinGroupsAndSubresources()
    {
        var (_, apis) = await Api.GetAsync("/apis");
        var (_, apps) = await Api.GetAsync("/apis/apps/v1");
        var (_, core) = await Api.GetAsync("/api/v1");
        var (_, version) = await Api.GetAsync("/version");

        Assert.Contains(((JsonArray)apis["groups"]!).Select(g => g.Str("name")), n => n == "rbac.authorization.k8s.io");
        var names = ((JsonArray)apps["resources"]!).Select(r => r.Str("name")).ToList();
        Assert.Contains("deployments", names);
        Assert.Contains("deployments/status", names);
        Assert.Contains("deployments/scale", names);
        Assert.Contains(((JsonArray)core["resources"]!).Select(r => r.Str("name")), n => n == "configmaps");
        Assert.StartsWith("v1.32", version.Str("gitVersion"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoreDirectAccess_PutAndSetStatus_AreVisibleOverHttp()
    {
        Server.Store.Put(Objects.ConfigMap("direct"));
        await Api.ApplyAsync(Objects.Deployments + "/web", Objects.Deployment(), "gitops");
        Server.Store.SetStatus("apps/v1", "Deployment", "default", "web", Json.Obj("""{"readyReplicas":0}"""));

        var (status, _) = await Api.GetAsync(Objects.ConfigMaps + "/direct");
        var (_, deployment) = await Api.GetAsync(Objects.Deployments + "/web");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("0", deployment.Str("status", "readyReplicas"));
        Assert.NotNull(Server.Store.Get("v1", "ConfigMap", "default", "direct"));
    }
}
