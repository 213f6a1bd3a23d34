using System.Net;
using System.Text;
using GitOpsAgent.Kubernetes.Tests.Fakes;

namespace GitOpsAgent.Kubernetes.Tests.Client;

public class WatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static FakeApiServer ServerStreaming(string lines) =>
        new(r => r.Uri.AbsolutePath == "/api/v1/namespaces/prod/configmaps" && r.Uri.Query.Contains("watch=true")
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(lines))) }
            : null);

    [Fact]
    public async Task WatchAsync_NewlineDelimitedEvents_YieldsTypedEventsIncludingBookmarks()
    {
        var server = ServerStreaming("""
            {"type":"ADDED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"prod","resourceVersion":"5"}}}
            {"type":"MODIFIED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"prod","resourceVersion":"6"}}}
            {"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"8"}}}
            {"type":"DELETED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"prod","resourceVersion":"9"}}}
            """);
        using var cluster = server.CreateCluster();
        var client = cluster.Api;

        var events = new List<WatchEvent>();
        await foreach (var e in client.WatchAsync("v1", "ConfigMap", "prod", new ListOptions(ResourceVersion: "4", TimeoutSeconds: 30), Ct))
        {
            events.Add(e);
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Bookmark, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal("8", events[2].Object["metadata"]!["resourceVersion"]!.GetValue<string>());
        var request = Assert.Single(server.ApiRequests);
        Assert.Equal(new Dictionary<string, string> { ["allowWatchBookmarks"] = "true", ["resourceVersion"] = "4", ["timeoutSeconds"] = "30", ["watch"] = "true" }, request.Query);
    }

    [Fact]
    public async Task WatchAsync_ErrorEventWith410_ThrowsGoneAfterEarlierEvents()
    {
        var server = ServerStreaming("""
            {"type":"ADDED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"prod","resourceVersion":"5"}}}
            {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 4 (100)","reason":"Expired","code":410}}
            """);
        using var cluster = server.CreateCluster();
        var client = cluster.Api;
        var seen = 0;

        await Assert.ThrowsAsync<KubernetesGoneException>(async () =>
        {
            await foreach (var _ in client.WatchAsync("v1", "ConfigMap", "prod", new ListOptions(ResourceVersion: "4"), Ct))
            {
                seen++;
            }
        });

        Assert.Equal(1, seen);
    }

    [Fact]
    public async Task WatchAsync_Http410_ThrowsGone()
    {
        var server = new FakeApiServer(r => r.Uri.Query.Contains("watch=true") ? FakeHttpHandler.Status(410, "Expired", "too old") : null);
        using var cluster = server.CreateCluster();
        var client = cluster.Api;

        await Assert.ThrowsAsync<KubernetesGoneException>(async () =>
        {
            await foreach (var _ in client.WatchAsync("v1", "ConfigMap", "prod", new ListOptions(ResourceVersion: "1"), Ct))
            {
            }
        });
    }

    [Fact]
    public async Task WatchAsync_ErrorEventWith500_ThrowsServerBusyWithThatCode()
    {
        var server = ServerStreaming("""
            {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"internal","reason":"InternalError","code":500}}
            """);
        using var cluster = server.CreateCluster();

        var ex = await Assert.ThrowsAsync<KubernetesServerBusyException>(async () =>
        {
            await foreach (var _ in cluster.Api.WatchAsync("v1", "ConfigMap", "prod", new ListOptions(), Ct))
            {
            }
        });

        Assert.Equal(500, ex.StatusCode);
        Assert.Equal("InternalError", ex.Reason);
    }

    [Fact]
    public async Task WatchAsync_StreamEndsWithoutEvents_EndsWithoutError()
    {
        var server = ServerStreaming("");
        using var cluster = server.CreateCluster();
        var seen = 0;

        await foreach (var _ in cluster.Api.WatchAsync("v1", "ConfigMap", "prod", new ListOptions(ResourceVersion: "4", TimeoutSeconds: 1), Ct))
        {
            seen++;
        }

        Assert.Equal(0, seen);
    }

    [Theory]
    [InlineData("not json\n")]
    [InlineData("{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\"}}}\nnot json\n")]
    public async Task WatchAsync_MalformedLine_ThrowsKubernetesExceptionNamingTheWatch(string lines)
    {
        var server = ServerStreaming(lines);
        using var cluster = server.CreateCluster();

        var ex = await Assert.ThrowsAsync<KubernetesException>(async () =>
        {
            await foreach (var _ in cluster.Api.WatchAsync("v1", "ConfigMap", "prod", new ListOptions(), Ct))
            {
            }
        });

        Assert.Contains("watch configmaps in prod", ex.Message);
    }
}
