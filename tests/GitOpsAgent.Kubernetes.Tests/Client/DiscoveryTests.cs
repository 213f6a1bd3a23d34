using System.Net;
using GitOpsAgent.Kubernetes.Tests.Fakes;

namespace GitOpsAgent.Kubernetes.Tests.Client;

public class DiscoveryTests
{
    [Fact]
    public async Task ResolveAsync_KnownKinds_ReturnsPluralScopeAndSubresources()
    {
        var server = new FakeApiServer();
        using var cluster = server.CreateCluster();
        var client = cluster.Api;

        var deployment = await client.ResolveAsync("apps/v1", "Deployment", TestContext.Current.CancellationToken);
        var ns = await client.ResolveAsync("v1", "Namespace", TestContext.Current.CancellationToken);

        Assert.Equal("deployments", deployment.Plural);
        Assert.True(deployment.Namespaced);
        Assert.Equal(["status", "scale"], deployment.Subresources);
        Assert.False(ns.Namespaced);
        Assert.Equal("v1", ns.ApiVersion);
    }

    [Fact]
    public async Task GetApiResourcesAsync_OneGroupFails_OthersStillDiscovered()
    {
        var server = new FakeApiServer();
        using var cluster = server.CreateCluster();
        var client = cluster.Api;

        var all = await client.GetApiResourcesAsync(TestContext.Current.CancellationToken);

        Assert.Contains(all, r => r.Kind == "Lease" && r.Group == "coordination.k8s.io");
        Assert.DoesNotContain(all, r => r.Plural.Contains('/'));
        Assert.DoesNotContain(all, r => r.Group == "metrics.k8s.io");
    }

    [Fact]
    public async Task ResolveAsync_KindAppearsAfterFirstDiscovery_RefreshesAndResolves()
    {
        var crdInstalled = false;
        var server = new FakeApiServer(r => r.Uri.AbsolutePath == "/apis/gitopsagent.io/v1alpha1" && crdInstalled
            ? FakeHttpHandler.Json(HttpStatusCode.OK, """{"groupVersion":"gitopsagent.io/v1alpha1","resources":[{"name":"applications","namespaced":true,"kind":"Application","verbs":["get","list"]}]}""")
            : null);
        using var cluster = server.CreateCluster();
        var client = cluster.Api;
        await client.GetApiResourcesAsync(TestContext.Current.CancellationToken);
        crdInstalled = true;

        var resource = await client.ResolveAsync("gitopsagent.io/v1alpha1", "Application", TestContext.Current.CancellationToken);

        Assert.Equal("applications", resource.Plural);
    }

    [Fact]
    public async Task ResolveAsync_UnknownKind_ThrowsUnknownKindAfterOneRefresh()
    {
        var server = new FakeApiServer();
        using var cluster = server.CreateCluster();
        var client = cluster.Api;
        await client.GetApiResourcesAsync(TestContext.Current.CancellationToken);
        var before = server.Handler.Requests.Count;

        var ex = await Assert.ThrowsAsync<KubernetesUnknownKindException>(() => client.ResolveAsync("example.com/v1", "Widget", TestContext.Current.CancellationToken));

        Assert.Equal("Widget", ex.Kind);
        Assert.Single(server.Handler.Requests.Skip(before), r => r.Uri.AbsolutePath == "/apis/example.com/v1");
    }

    [Fact]
    public async Task InvalidateDiscovery_NextResolve_ReadsDiscoveryAgain()
    {
        var server = new FakeApiServer();
        using var cluster = server.CreateCluster();
        var client = cluster.Api;
        await client.ResolveAsync("v1", "Pod", TestContext.Current.CancellationToken);

        client.InvalidateDiscovery();
        await client.ResolveAsync("v1", "Pod", TestContext.Current.CancellationToken);

        Assert.Equal(2, server.Handler.Requests.Count(r => r.Uri.AbsolutePath.TrimEnd('/') == "/api"));
    }
}
