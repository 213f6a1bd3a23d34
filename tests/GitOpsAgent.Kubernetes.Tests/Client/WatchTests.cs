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
        using var client = server.CreateClient();

        var events = new List<WatchEvent>();
        await foreach (var e in client.WatchAsync("v1", "ConfigMap", "prod", new ListOptions(ResourceVersion: "4", TimeoutSeconds: 30), Ct))
        {
            events.Add(e);
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Bookmark, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal("8", events[2].Object["metadata"]!["resourceVersion"]!.GetValue<string>());
        var request = Assert.Single(server.ApiRequests);
        Assert.Equal("?resourceVersion=4&watch=true&allowWatchBookmarks=true&timeoutSeconds=30", request.Uri.Query);
    }

    [Fact]
    public async Task WatchAsync_ErrorEventWith410_ThrowsGoneAfterEarlierEvents()
    {
        var server = ServerStreaming("""
            {"type":"ADDED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"prod","resourceVersion":"5"}}}
            {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 4 (100)","reason":"Expired","code":410}}
            """);
        using var client = server.CreateClient();
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
        using var client = server.CreateClient();

        await Assert.ThrowsAsync<KubernetesGoneException>(async () =>
        {
            await foreach (var _ in client.WatchAsync("v1", "ConfigMap", "prod", new ListOptions(ResourceVersion: "1"), Ct))
            {
            }
        });
    }

    [Fact]
    public void Parse_ErrorEventWithOtherCode_ThrowsApiExceptionWithThatCode()
    {
        var ex = Assert.ThrowsAny<KubernetesApiException>(() => WatchStreamReader.Parse(
            """{"type":"ERROR","object":{"kind":"Status","message":"internal","reason":"InternalError","code":500}}""", "GET /x"));

        Assert.IsType<KubernetesServerBusyException>(ex);
        Assert.Equal(500, ex.StatusCode);
    }
}
