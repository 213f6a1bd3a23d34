using System.Net;
using System.Text.Json.Nodes;
using GitOpsAgent.Kubernetes.Tests.Fakes;

namespace GitOpsAgent.Kubernetes.Tests.Client;

public class KubernetesClientRequestTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject Deployment(string ns = "prod") => JsonNode.Parse($$$"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"{{{ns}}}"},"spec":{"replicas":2}}
        """)!.AsObject();

    [Fact]
    public async Task ApplyAsync_Object_SendsServerSideApplyPatch()
    {
        var server = new FakeApiServer(r => r.Method == HttpMethod.Patch ? FakeHttpHandler.Json(HttpStatusCode.OK, r.Body!) : null);
        using var client = server.CreateClient();

        var applied = await client.ApplyAsync(Deployment(), new ApplyOptions("gitops-agent", Force: true, DryRun: true), Ct);

        var request = Assert.Single(server.ApiRequests);
        Assert.Equal(HttpMethod.Patch, request.Method);
        Assert.Equal("application/apply-patch+yaml", request.ContentType);
        Assert.Equal("/apis/apps/v1/namespaces/prod/deployments/web", request.Uri.AbsolutePath);
        Assert.Equal("?fieldManager=gitops-agent&force=true&dryRun=All", request.Uri.Query);
        Assert.Equal(2, JsonNode.Parse(request.Body!)!["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("web", applied["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApplyStatusAsync_NoForceNoDryRun_TargetsStatusSubresourceWithFieldManagerOnly()
    {
        var server = new FakeApiServer(r => r.Method == HttpMethod.Patch ? FakeHttpHandler.Json(HttpStatusCode.OK, r.Body!) : null);
        using var client = server.CreateClient();

        await client.ApplyStatusAsync(Deployment(), new ApplyOptions("gitops-agent", Force: false), Ct);

        var request = Assert.Single(server.ApiRequests);
        Assert.Equal("/apis/apps/v1/namespaces/prod/deployments/web/status", request.Uri.AbsolutePath);
        Assert.Equal("?fieldManager=gitops-agent", request.Uri.Query);
    }

    [Fact]
    public async Task CreateAsync_ObjectWithoutNamespace_PostsToConfiguredDefaultNamespace()
    {
        var server = new FakeApiServer(r => r.Method == HttpMethod.Post ? FakeHttpHandler.Json(HttpStatusCode.Created, r.Body!) : null);
        using var client = server.CreateClient(configuration: new KubernetesClientConfiguration { Server = new Uri("http://127.0.0.1:1"), Namespace = "team-a" });
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
        using var client = server.CreateClient();

        await client.PatchAsync("v1", "Pod", "prod", "web-0", new JsonObject(), type, Ct, subresource: "status");

        var request = Assert.Single(server.ApiRequests);
        Assert.Equal(contentType, request.ContentType);
        Assert.Equal("/api/v1/namespaces/prod/pods/web-0/status", request.Uri.AbsolutePath);
    }

    [Fact]
    public async Task ReplaceAsync_Object_PutsWithResourceVersionInBody()
    {
        var server = new FakeApiServer(r => r.Method == HttpMethod.Put ? FakeHttpHandler.Json(HttpStatusCode.OK, r.Body!) : null);
        using var client = server.CreateClient();
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
        using var client = server.CreateClient();

        Assert.Null(await client.GetAsync("v1", "ConfigMap", "prod", "missing", Ct));
    }

    [Fact]
    public async Task DeleteAsync_Options_SendsDeleteOptionsAndReportsExistence()
    {
        var deletes = 0;
        var server = new FakeApiServer(r => r.Method != HttpMethod.Delete ? null
            : ++deletes == 1 ? FakeHttpHandler.Json(HttpStatusCode.OK, "{}") : FakeHttpHandler.Status(404, "NotFound", "gone"));
        using var client = server.CreateClient();
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
        using var client = server.CreateClient();

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
        using var client = server.CreateClient(observer);

        await client.GetAsync("v1", "ConfigMap", "prod", "missing", Ct);
        await client.ApplyAsync(Deployment(), new ApplyOptions("m"), Ct);

        Assert.Contains(("get", "configmaps", 404), observer.Calls);
        Assert.Contains(("apply", "deployments", 200), observer.Calls);
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
