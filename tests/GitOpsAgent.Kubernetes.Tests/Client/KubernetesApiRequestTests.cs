using System.Net;
using System.Text.Json.Nodes;
using k8s;
using GitOpsAgent.Kubernetes.Tests.Fakes;

namespace GitOpsAgent.Kubernetes.Tests.Client;

public class KubernetesApiRequestTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject Deployment(string ns = "prod") => JsonNode.Parse($$$"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"{{{ns}}}"},"spec":{"replicas":2}}
        """)!.AsObject();

    [Fact]
    public async Task ApplyAsync_Object_SendsServerSideApplyPatch()
    {
        var server = new FakeApiServer(r => r.Method == HttpMethod.Patch ? FakeHttpHandler.Json(HttpStatusCode.OK, r.Body!) : null);
        using var cluster = server.CreateCluster();
        var client = cluster.Api;

        var applied = await client.ApplyAsync(Deployment(), new ApplyOptions("gitops-agent", Force: true, DryRun: true), Ct);

        var request = Assert.Single(server.ApiRequests);
        Assert.Equal(HttpMethod.Patch, request.Method);
        Assert.Equal("application/apply-patch+yaml", request.ContentType);
        Assert.Equal("/apis/apps/v1/namespaces/prod/deployments/web", request.Uri.AbsolutePath);
        Assert.Equal(new Dictionary<string, string> { ["fieldManager"] = "gitops-agent", ["force"] = "true", ["dryRun"] = "All" }, request.Query);
        Assert.Equal(2, JsonNode.Parse(request.Body!)!["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("web", applied["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApplyStatusAsync_NoForceNoDryRun_TargetsStatusSubresourceWithFieldManagerOnly()
    {
        var server = new FakeApiServer(r => r.Method == HttpMethod.Patch ? FakeHttpHandler.Json(HttpStatusCode.OK, r.Body!) : null);
        using var cluster = server.CreateCluster();
        var client = cluster.Api;

        await client.ApplyStatusAsync(Deployment(), new ApplyOptions("gitops-agent", Force: false), Ct);

        var request = Assert.Single(server.ApiRequests);
        Assert.Equal("/apis/apps/v1/namespaces/prod/deployments/web/status", request.Uri.AbsolutePath);
        Assert.Equal(new Dictionary<string, string> { ["fieldManager"] = "gitops-agent" }, request.Query);
    }

    [Fact]
    public async Task CreateAsync_ObjectWithoutNamespace_PostsToConfiguredDefaultNamespace()
    {
        var server = new FakeApiServer(r => r.Method == HttpMethod.Post ? FakeHttpHandler.Json(HttpStatusCode.Created, r.Body!) : null);
        using var cluster = server.CreateCluster(configuration: new KubernetesClientConfiguration { Host = "http://127.0.0.1:1", Namespace = "team-a" });
        var client = cluster.Api;
        var obj = JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}""")!.AsObject();

        await client.CreateAsync(obj, Ct);

        var request = Assert.Single(server.ApiRequests);
        Assert.Equal("/api/v1/namespaces/team-a/configmaps", request.Uri.AbsolutePath);
        Assert.Equal("application/json", request.ContentType);
        Assert.Null(request.Authorization);
    }

    [Theory]
    [InlineData(PatchType.Merge, "application/merge-patch+json")]
    [InlineData(PatchType.Json, "application/json-patch+json")]
    [InlineData(PatchType.Strategic, "application/strategic-merge-patch+json")]
    public async Task PatchAsync_EachType_UsesItsContentType(PatchType type, string contentType)
    {
        var server = new FakeApiServer(r => r.Method == HttpMethod.Patch ? FakeHttpHandler.Json(HttpStatusCode.OK, "{}") : null);
        using var cluster = server.CreateCluster();
        var client = cluster.Api;

        await client.PatchAsync("v1", "Pod", "prod", "web-0", new JsonObject(), type, Ct, subresource: "status");

        var request = Assert.Single(server.ApiRequests);
        Assert.Equal(contentType, request.ContentType);
        Assert.Equal("/api/v1/namespaces/prod/pods/web-0/status", request.Uri.AbsolutePath);
    }

    [Fact]
    public async Task ReplaceAsync_Object_PutsWithResourceVersionInBody()
    {
        var server = new FakeApiServer(r => r.Method == HttpMethod.Put ? FakeHttpHandler.Json(HttpStatusCode.OK, r.Body!) : null);
        using var cluster = server.CreateCluster();
        var client = cluster.Api;
        var obj = Deployment();
        obj["metadata"]!["resourceVersion"] = "7";

        await client.ReplaceAsync(obj, Ct);

        var request = Assert.Single(server.ApiRequests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("7", JsonNode.Parse(request.Body!)!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetAsync_NotFound_ReturnsNull()
    {
        var server = new FakeApiServer();
        using var cluster = server.CreateCluster();
        var client = cluster.Api;

        Assert.Null(await client.GetAsync("v1", "ConfigMap", "prod", "missing", Ct));
    }

    [Fact]
    public async Task DeleteAsync_Options_SendsDeleteOptionsAndReportsExistence()
    {
        var deletes = 0;
        var server = new FakeApiServer(r => r.Method != HttpMethod.Delete ? null
            : ++deletes == 1 ? FakeHttpHandler.Json(HttpStatusCode.OK, "{}") : FakeHttpHandler.Status(404, "NotFound", "gone"));
        using var cluster = server.CreateCluster();
        var client = cluster.Api;
        var options = new DeleteOptions(PreconditionUid: "u-1", PreconditionResourceVersion: "9", DryRun: true);

        Assert.True(await client.DeleteAsync("apps/v1", "Deployment", "prod", "web", options, Ct));
        Assert.False(await client.DeleteAsync("apps/v1", "Deployment", "prod", "web", options, Ct));

        var body = JsonNode.Parse(server.ApiRequests[0].Body!)!.AsObject();
        Assert.Equal("Foreground", body["propagationPolicy"]!.GetValue<string>());
        Assert.Equal("u-1", body["preconditions"]!["uid"]!.GetValue<string>());
        Assert.Equal("9", body["preconditions"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("All", body["dryRun"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task ListAllAsync_ContinueTokens_FollowsPagesAndFillsKinds()
    {
        var server = new FakeApiServer(r => r.Uri.AbsolutePath == "/api/v1/namespaces/prod/configmaps"
            ? r.Uri.Query.Contains("continue=page2")
                ? FakeHttpHandler.Json(HttpStatusCode.OK, """{"kind":"ConfigMapList","metadata":{"resourceVersion":"11"},"items":[{"metadata":{"name":"b"}}]}""")
                : FakeHttpHandler.Json(HttpStatusCode.OK, """{"kind":"ConfigMapList","metadata":{"resourceVersion":"10","continue":"page2"},"items":[{"metadata":{"name":"a"}}]}""")
            : null);
        using var cluster = server.CreateCluster();
        var client = cluster.Api;

        var list = await client.ListAllAsync("v1", "ConfigMap", "prod", new ListOptions(LabelSelector: "app=web"), Ct);

        Assert.Equal(["a", "b"], list.Items.Select(i => i["metadata"]!["name"]!.GetValue<string>()));
        Assert.All(list.Items, i => Assert.Equal("ConfigMap", i["kind"]!.GetValue<string>()));
        Assert.All(list.Items, i => Assert.Equal("v1", i["apiVersion"]!.GetValue<string>()));
        Assert.Equal("10", list.ResourceVersion);
        Assert.Null(list.Continue);
        Assert.Equal(2, server.ApiRequests.Count);
        Assert.All(server.ApiRequests, r => Assert.Contains("labelSelector=app%3Dweb", r.Uri.Query));
    }

    [Fact]
    public async Task Requests_Observer_ToldVerbResourceAndStatus()
    {
        var observer = new RecordingObserver();
        var server = new FakeApiServer(r => r.Method == HttpMethod.Patch ? FakeHttpHandler.Json(HttpStatusCode.OK, "{}") : null);
        using var cluster = server.CreateCluster(observer);
        var client = cluster.Api;

        await client.GetAsync("v1", "ConfigMap", "prod", "missing", Ct);
        await client.ApplyAsync(Deployment(), new ApplyOptions("m"), Ct);

        Assert.Contains(("get", "configmaps", 404), observer.Calls);
        Assert.Contains(("apply", "deployments", 200), observer.Calls);
    }

    [Fact]
    public async Task Requests_RetriedAnswer_ObserverToldOfEachAttempt()
    {
        var observer = new RecordingObserver();
        var attempts = 0;
        var server = new FakeApiServer(r => r.Method != HttpMethod.Patch ? null
            : ++attempts == 1 ? FakeHttpHandler.Status(503, "ServiceUnavailable", "busy") : FakeHttpHandler.Json(HttpStatusCode.OK, "{}"));
        using var cluster = server.CreateCluster(observer);

        await cluster.Api.ApplyAsync(Deployment(), new ApplyOptions("m"), Ct);

        Assert.Equal([("apply", "deployments", 503), ("apply", "deployments", 200)], observer.Calls.Where(c => c.Item1 == "apply"));
    }

    [Fact]
    public async Task PatchAsync_ScaleOfClusterScopedAndNamespaced_TargetsScaleSubresource()
    {
        var server = new FakeApiServer(r => r.Method == HttpMethod.Patch ? FakeHttpHandler.Json(HttpStatusCode.OK, "{}") : null);
        using var cluster = server.CreateCluster();

        await cluster.Api.PatchAsync("apps/v1", "Deployment", "prod", "web", new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 3 } }, PatchType.Merge, Ct, subresource: "scale");
        await cluster.Api.PatchAsync("v1", "Namespace", null, "team-a", new JsonObject(), PatchType.Merge, Ct);

        Assert.Equal(["/apis/apps/v1/namespaces/prod/deployments/web/scale", "/api/v1/namespaces/team-a"], server.ApiRequests.Select(r => r.Uri.AbsolutePath));
        await Assert.ThrowsAsync<ArgumentException>(() => cluster.Api.PatchAsync("v1", "Pod", "prod", "p", new JsonObject(), PatchType.Merge, Ct, subresource: "log"));
    }

    [Fact]
    public async Task GetAsync_ConnectionFailsOnce_RetriesTheGetButNotAWrite()
    {
        var failures = 0;
        var server = new FakeApiServer(r => r.Uri.AbsolutePath.Contains("/configmaps/", StringComparison.Ordinal) && failures++ % 2 == 0
            ? throw new HttpRequestException("connection reset")
            : r.Method == HttpMethod.Get && !FakeApiServer.IsDiscovery(r.Uri.AbsolutePath) ? FakeHttpHandler.Json(HttpStatusCode.OK, """{"metadata":{"name":"c"}}""") : null);
        using var cluster = server.CreateCluster();

        var found = await cluster.Api.GetAsync("v1", "ConfigMap", "prod", "c", Ct);
        var ex = await Assert.ThrowsAsync<KubernetesException>(() => cluster.Api.ApplyAsync(
            JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"prod"}}""")!.AsObject(), new ApplyOptions("m"), Ct));

        Assert.NotNull(found);
        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Equal(3, failures);
    }

    private sealed class RecordingObserver : IKubernetesRequestObserver
    {
        public List<(string, string, int)> Calls { get; } = [];

        public void OnRequest(string verb, string resource, int statusCode, TimeSpan duration)
        {
            lock (Calls)
            {
                Calls.Add((verb, resource, statusCode));
            }
        }
    }
}
