using System.Net;
using System.Text.Json.Nodes;

namespace GitOpsAgent.TestApiServer.Tests;

public sealed class WatchAndListTests : ServerTestBase
{
    protected override TestApiServerOptions Options => new() { WatchHistorySize = 5, BookmarkInterval = TimeSpan.FromMilliseconds(200) };

    private async Task<string> CurrentListVersionAsync()
    {
        var (_, list) = await Api.GetAsync(Objects.ConfigMaps);
        return list.Str("metadata", "resourceVersion")!;
    }

    [Fact]
    public async Task Watch_Changes_StreamAddedModifiedDeletedInOrder()
    {
        var rv = await CurrentListVersionAsync();
        await using var watch = await WatchReader.OpenAsync(Api.Http, $"{Objects.ConfigMaps}?watch=true&resourceVersion={rv}");

        await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap("c"));
        await Api.MergePatchAsync(Objects.ConfigMaps + "/c", """{"data":{"a":"2"}}""", "m");
        await Api.DeleteAsync(Objects.ConfigMaps + "/c");

        var events = new List<JsonObject?> { await watch.NextAsync(), await watch.NextAsync(), await watch.NextAsync() };
        Assert.Equal(200, watch.StatusCode);
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(e => e.Str("type")));
        Assert.Equal("2", events[1].Str("object", "data", "a"));
        Assert.All(events, e => Assert.Equal("c", e.Str("object", "metadata", "name")));
    }

    [Fact]
    public async Task Watch_FromResourceVersion_ReplaysOnlyLaterEvents()
    {
        await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap("before"));
        var rv = await CurrentListVersionAsync();
        await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap("after"));

        await using var watch = await WatchReader.OpenAsync(Api.Http, $"{Objects.ConfigMaps}?watch=1&resourceVersion={rv}");
        var first = await watch.NextAsync();

        Assert.Equal("ADDED", first.Str("type"));
        Assert.Equal("after", first.Str("object", "metadata", "name"));
        Assert.Null(await watch.NextAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Watch_ResourceVersionOlderThanHistory_GetsExpiredErrorEvent()
    {
        var old = await CurrentListVersionAsync();
        for (var i = 0; i < 8; i++)
        {
            await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap($"c{i}"));
        }

        await using var watch = await WatchReader.OpenAsync(Api.Http, $"{Objects.ConfigMaps}?watch=true&resourceVersion={old}");
        var error = await watch.NextAsync();

        Assert.Equal(200, watch.StatusCode);
        Assert.Equal("ERROR", error.Str("type"));
        Assert.Equal("410", error.Str("object", "code"));
        Assert.Equal("Expired", error.Str("object", "reason"));
    }

    [Fact]
    public async Task Watch_WithBookmarks_SendsTheCurrentResourceVersion()
    {
        var rv = await CurrentListVersionAsync();
        await using var watch = await WatchReader.OpenAsync(Api.Http, $"{Objects.ConfigMaps}?watch=true&allowWatchBookmarks=true&resourceVersion={rv}");

        var bookmark = await watch.NextAsync();

        Assert.Equal("BOOKMARK", bookmark.Str("type"));
        Assert.Equal(rv, bookmark.Str("object", "metadata", "resourceVersion"));
    }

    [Fact]
    public async Task Watch_WithLabelSelector_StreamsOnlyMatchingObjects()
    {
        var rv = await CurrentListVersionAsync();
        await using var watch = await WatchReader.OpenAsync(Api.Http, $"{Objects.ConfigMaps}?watch=true&labelSelector=app%3Dweb&resourceVersion={rv}");

        await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap("other", labelsJson: """{"app":"db"}"""));
        await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap("mine", labelsJson: """{"app":"web"}"""));

        Assert.Equal("mine", (await watch.NextAsync()).Str("object", "metadata", "name"));
    }

    [Fact]
    public async Task Watch_WithLabelSelector_ObjectLeavingAndEnteringIsDeletedAndAdded()
    {
        await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap("c", labelsJson: """{"app":"web"}"""));
        var rv = await CurrentListVersionAsync();
        await using var watch = await WatchReader.OpenAsync(Api.Http, $"{Objects.ConfigMaps}?watch=true&labelSelector=app%3Dweb&resourceVersion={rv}");

        await Api.MergePatchAsync(Objects.ConfigMaps + "/c", """{"metadata":{"labels":{"app":"db"}}}""", "m");
        await Api.MergePatchAsync(Objects.ConfigMaps + "/c", """{"metadata":{"labels":{"app":"web"}}}""", "m");

        Assert.Equal("DELETED", (await watch.NextAsync()).Str("type"));
        Assert.Equal("ADDED", (await watch.NextAsync()).Str("type"));
    }

    [Fact]
    public async Task Watch_WithoutResourceVersion_StartsWithTheCurrentObjects()
    {
        await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap("existing"));

        await using var watch = await WatchReader.OpenAsync(Api.Http, $"{Objects.ConfigMaps}?watch=true&timeoutSeconds=5");
        var first = await watch.NextAsync();

        Assert.Equal("ADDED", first.Str("type"));
        Assert.Equal("existing", first.Str("object", "metadata", "name"));
    }

    [Fact]
    public async Task List_WithLimit_PagesThroughEverythingWithContinue()
    {
        for (var i = 0; i < 5; i++)
        {
            await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap($"c{i}"));
        }

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var (status, page) = await Api.GetAsync($"{Objects.ConfigMaps}?limit=2{(token is null ? "" : "&continue=" + Uri.EscapeDataString(token))}");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("ConfigMapList", page.Str("kind"));
            names.AddRange(((JsonArray)page["items"]!).Select(i => i.Str("metadata", "name")!));
            token = page.Str("metadata", "continue");
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(["c0", "c1", "c2", "c3", "c4"], names);
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData("app=web", "a")]
    [InlineData("app==web", "a")]
    [InlineData("app!=web", "b,c")]
    [InlineData("app in (web,db)", "a,b")]
    [InlineData("app notin (web)", "b,c")]
    [InlineData("app", "a,b")]
    [InlineData("!app", "c")]
    [InlineData("app,tier=front", "a")]
    public async Task List_WithLabelSelector_ReturnsMatchingObjects(string selector, string expected)
    {
        await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap("a", labelsJson: """{"app":"web","tier":"front"}"""));
        await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap("b", labelsJson: """{"app":"db"}"""));
        await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap("c"));

        var (_, list) = await Api.GetAsync($"{Objects.ConfigMaps}?labelSelector={Uri.EscapeDataString(selector)}");

        Assert.Equal(expected, string.Join(",", ((JsonArray)list["items"]!).Select(i => i.Str("metadata", "name"))));
    }

    [Fact]
    public async Task List_WithFieldSelector_FiltersByNameAndNamespace()
    {
        await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap("a"));
        await Api.CreateAsync(Objects.ConfigMaps, Objects.ConfigMap("b"));
        await Api.CreateAsync("/api/v1/namespaces/kube-system/configmaps", Objects.ConfigMap("a"));

        var (_, byName) = await Api.GetAsync("/api/v1/configmaps?fieldSelector=metadata.name%3Da");
        var (_, byNamespace) = await Api.GetAsync("/api/v1/configmaps?fieldSelector=metadata.name%3Da,metadata.namespace%3Ddefault");

        Assert.Equal(2, ((JsonArray)byName["items"]!).Count);
        Assert.Single((JsonArray)byNamespace["items"]!);
    }
}
