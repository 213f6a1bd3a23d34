using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Kubernetes.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using static GitOpsAgent.Kubernetes.Tests.Watching.ScriptedWatchApi;

namespace GitOpsAgent.Kubernetes.Tests.Watching;

public class ResourceWatcherTests
{
    private static readonly ResourceWatcherOptions Options = new("v1", "ConfigMap", "prod", "app=web") { InitialBackoff = TimeSpan.Zero };

    private static KubernetesGoneException Gone() => new("Expired", "too old resource version", []);

    /// <summary>Runs the watcher until the script is exhausted, then stops it and returns the events it emitted.</summary>
    private static async Task<List<ResourceWatcherEvent>> RunToEndOfScript(ScriptedWatchApi api, ResourceWatcher watcher)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = watcher.RunAsync(stop.Token);
        await api.ScriptDone.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        stop.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var events = new List<ResourceWatcherEvent>();
        await foreach (var e in watcher.Events.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            events.Add(e);
        }

        return events;
    }

    private static string Describe(ResourceWatcherEvent e) =>
        e.Object is null ? e.Type.ToString() : $"{e.Type} {e.Object["metadata"]!["name"]}@{e.Object["metadata"]!["resourceVersion"]}";

    [Fact]
    public async Task RunAsync_ListThenWatch_FillsStoreAndEmitsSyncedAfterList()
    {
        var api = new ScriptedWatchApi();
        api.List("10", ConfigMap("a", "5"), ConfigMap("b", "6"));
        api.Watch(null, new WatchEvent(WatchEventType.Added, ConfigMap("c", "11")), new WatchEvent(WatchEventType.Modified, ConfigMap("a", "12")),
            Bookmark("13"), new WatchEvent(WatchEventType.Deleted, ConfigMap("b", "14")));
        var watcher = new ResourceWatcher(api, Options, timeProvider: new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero)));

        var events = await RunToEndOfScript(api, watcher);

        Assert.Equal(["Added a@5", "Added b@6", "Synced", "Added c@11", "Modified a@12", "Deleted b@14"], events.Select(Describe));
        Assert.Equal("10", api.WatchCalls[0].ResourceVersion);
        Assert.True(api.WatchCalls[0].AllowWatchBookmarks);
        Assert.Equal("app=web", api.WatchCalls[0].LabelSelector);
        Assert.Equal("app=web", api.ListCalls[0].LabelSelector);
        Assert.True(watcher.HasSynced);
        Assert.Equal(["a", "c"], watcher.Snapshot().Select(o => o["metadata"]!["name"]!.GetValue<string>()).Order());
        Assert.Equal("12", watcher.TryGet("prod", "a")!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    private static JsonObject Labelled(string name, string resourceVersion, string app)
    {
        var configMap = ConfigMap(name, resourceVersion);
        configMap["metadata"]!["labels"] = new JsonObject { ["app"] = app };
        return configMap;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WithLabel_FollowsAddsRelabelsDeletesAndRelists(bool compact)
    {
        var api = new ScriptedWatchApi();
        api.List("10", Labelled("a", "5", "web"), Labelled("b", "6", "web"), Labelled("c", "7", "db"), ConfigMap("plain", "8"));
        api.Watch(Gone(), new WatchEvent(WatchEventType.Modified, Labelled("b", "11", "db")), new WatchEvent(WatchEventType.Deleted, Labelled("c", "12", "db")),
            new WatchEvent(WatchEventType.Added, Labelled("d", "13", "web")));
        api.List("30", Labelled("a", "5", "web"), Labelled("b", "11", "db"), Labelled("e", "26", "db"));
        var watcher = new ResourceWatcher(api, Options with { IndexLabel = "app", CompactStore = compact }, timeProvider: new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero)));

        await RunToEndOfScript(api, watcher);

        static IEnumerable<string> Names(IEnumerable<JsonObject> objects) => objects.Select(o => o["metadata"]!["name"]!.GetValue<string>()).Order();
        Assert.Equal(["a"], Names(watcher.WithLabel("web")));
        Assert.Equal(["b", "e"], Names(watcher.WithLabel("db")));
        Assert.Empty(watcher.WithLabel("nothing"));
        Assert.Equal(Names(watcher.Snapshot().Where(o => o.GetLabel("app") == "db")), Names(watcher.WithLabel("db")));
    }

    [Fact]
    public async Task CompactStore_ReadsAreEqualFreshCopiesTheCallerOwns()
    {
        var api = new ScriptedWatchApi();
        var original = Labelled("a", "5", "web");
        original["data"] = new JsonObject { ["n"] = 1.50, ["list"] = new JsonArray("x", null, true) };
        api.List("10", original.DeepClone().AsObject());
        var watcher = new ResourceWatcher(api, Options with { IndexLabel = "app", CompactStore = true }, timeProvider: new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero)));
        await RunToEndOfScript(api, watcher);

        var read = watcher.TryGet("prod", "a")!;
        Assert.True(JsonNode.DeepEquals(original, read));
        read["data"]!["n"] = 2;

        Assert.True(JsonNode.DeepEquals(original, watcher.TryGet("prod", "a")));
        Assert.True(JsonNode.DeepEquals(original, Assert.Single(watcher.WithLabel("web"))));
        Assert.True(JsonNode.DeepEquals(original, Assert.Single(watcher.Snapshot())));
    }

    [Fact]
    public async Task WithLabel_WithoutIndexLabel_IsEmpty()
    {
        var api = new ScriptedWatchApi();
        api.List("10", Labelled("a", "5", "web"));
        var watcher = new ResourceWatcher(api, Options, timeProvider: new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero)));

        await RunToEndOfScript(api, watcher);

        Assert.Empty(watcher.WithLabel("web"));
        Assert.Single(watcher.Snapshot());
    }

    [Fact]
    public async Task RunAsync_WatchDisconnects_ResumesFromLastSeenResourceVersionWithoutRelist()
    {
        var api = new ScriptedWatchApi();
        api.List("10", ConfigMap("a", "5"));
        api.Watch(new IOException("connection reset"), new WatchEvent(WatchEventType.Modified, ConfigMap("a", "11")), Bookmark("15"));
        api.Watch(null, new WatchEvent(WatchEventType.Modified, ConfigMap("a", "16")));
        var watcher = new ResourceWatcher(api, Options, timeProvider: new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero)));

        await RunToEndOfScript(api, watcher);

        Assert.Single(api.ListCalls);
        Assert.Equal(["10", "15", "16"], api.WatchCalls.Select(c => c.ResourceVersion));
    }

    [Fact]
    public async Task RunAsync_Gone_RelistsAndSynthesisesDeletesForVanishedObjects()
    {
        var api = new ScriptedWatchApi();
        api.List("10", ConfigMap("a", "5"), ConfigMap("b", "6"), ConfigMap("c", "7"));
        api.Watch(Gone());
        api.List("30", ConfigMap("a", "5"), ConfigMap("b", "25"), ConfigMap("d", "26"));
        var watcher = new ResourceWatcher(api, Options, timeProvider: new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero)));

        var events = await RunToEndOfScript(api, watcher);

        Assert.Equal(
            ["Added a@5", "Added b@6", "Added c@7", "Synced", "Modified b@25", "Added d@26", "Deleted c@7", "Synced"],
            events.Select(Describe));
        Assert.Equal(2, api.ListCalls.Count);
        Assert.Equal("30", api.WatchCalls[^1].ResourceVersion);
        Assert.Null(watcher.TryGet("prod", "c"));
    }

    [Fact]
    public async Task RunAsync_ListFailsFirst_RetriesAndCallbackReceivesEvents()
    {
        var api = new ScriptedWatchApi();
        api.ListFails(new KubernetesServerBusyException(503, "ServiceUnavailable", "down", []));
        api.List("10", ConfigMap("a", "5"));
        var received = new List<ResourceWatcherEvent>();
        var watcher = new ResourceWatcher(api, Options, (e, _) => { received.Add(e); return ValueTask.CompletedTask; }, new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero)));

        var fromChannel = await RunToEndOfScript(api, watcher);

        Assert.Empty(fromChannel);
        Assert.Equal(["Added a@5", "Synced"], received.Select(Describe));
        Assert.Equal(2, api.ListCalls.Count);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(16, 30)]
    [InlineData(30, 30)]
    public void NextBackoff_Doubles_CappedAtMax(int currentSeconds, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), ResourceWatcher.NextBackoff(TimeSpan.FromSeconds(currentSeconds), TimeSpan.FromSeconds(30)));
}
