using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.TestApiServer;
using GitOpsAgent.TestApiServer.Diagnostics;

namespace GitOpsAgent.EndToEnd.Contract;

/// <summary>Lists (label selectors, limit/continue) and the watcher's store: it follows changes and relists after 410 Gone.</summary>
public sealed class ListWatchContractTests(ContractFixture fx) : IClassFixture<ContractFixture>
{
    private static readonly TimeSpan WatcherTimeout = TimeSpan.FromSeconds(30);

    private KubernetesApi Kube => fx.Kube;

    [Fact]
    public async Task ListAsync_LabelSelectorWithLimit_PagesThroughTheMatchingObjectsOnly()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("contract-list");
        for (var i = 0; i < 5; i++)
        {
            await Kube.CreateAsync(ContractObjects.ConfigMap(ns, $"front-{i}", new Dictionary<string, string> { ["i"] = $"{i}" }, new Dictionary<string, string> { ["tier"] = "front" }), default);
        }

        for (var i = 0; i < 2; i++)
        {
            await Kube.CreateAsync(ContractObjects.ConfigMap(ns, $"back-{i}", new Dictionary<string, string> { ["i"] = $"{i}" }, new Dictionary<string, string> { ["tier"] = "back" }), default);
        }

        var first = await Kube.ListAsync("v1", "ConfigMap", ns, new ListOptions(LabelSelector: "tier=front", Limit: 2), default);

        Assert.Equal(2, first.Items.Count);
        Assert.NotNull(first.Continue);
        var names = first.Items.Select(i => i.GetName()).ToList();
        var next = first.Continue;
        for (var pages = 1; next is not null; pages++)
        {
            Assert.True(pages < 10, "continue tokens must run out");
            var page = await Kube.ListAsync("v1", "ConfigMap", ns, new ListOptions(LabelSelector: "tier=front", Limit: 2, Continue: next), default);
            Assert.InRange(page.Items.Count, 1, 2);
            names.AddRange(page.Items.Select(i => i.GetName()));
            next = page.Continue;
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"front-{i}").Order(), names.Order());
        Assert.All(first.Items, i => Assert.Equal(("v1", "ConfigMap"), (i.GetApiVersion(), i.GetKind())));

        var all = await Kube.ListAllAsync("v1", "ConfigMap", ns, new ListOptions(LabelSelector: "tier in (front,back)", Limit: 2), default);
        Assert.Equal(7, all.Items.Count);
        Assert.Null(all.Continue);
        Assert.False(string.IsNullOrEmpty(all.ResourceVersion));
    }

    [Fact]
    public async Task ResourceWatcher_ChangesWhileWatching_StoreConvergesOnTheLiveObjects()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("contract-watch");
        await Kube.CreateAsync(ContractObjects.ConfigMap(ns, "stays", "1"), default);
        await Kube.CreateAsync(ContractObjects.ConfigMap(ns, "goes", "1"), default);
        var watcher = new ResourceWatcher(Kube, new ResourceWatcherOptions("v1", "ConfigMap", ns));
        using var stop = new CancellationTokenSource();
        var run = watcher.RunAsync(stop.Token);
        try
        {
            await fx.Cluster.WaitAsync(() => Task.FromResult(watcher.HasSynced), "the watcher's first list", WatcherTimeout);
            Assert.NotNull(watcher.TryGet(ns, "goes"));

            await Kube.ApplyAsync(ContractObjects.ConfigMap(ns, "stays", "2"), new ApplyOptions("contract"), default);
            await Kube.DeleteAsync("v1", "ConfigMap", ns, "goes", new DeleteOptions("Background"), default);
            await Kube.CreateAsync(ContractObjects.ConfigMap(ns, "arrives", "1"), default);

            await WaitForStoreToMatchAsync(watcher, ns);
            Assert.Equal("2", watcher.TryGet(ns, "stays")?.GetStringAt("data", "value"));
            Assert.Null(watcher.TryGet(ns, "goes"));
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }

    [Fact]
    public async Task ResourceWatcher_ResumeAfterTheWatchWindowMoved_GetsGoneRelistsAndConverges()
    {
        if (fx.Cluster.IsRealCluster)
        {
            Assert.Skip("forcing 410 Gone needs a watch history window this test controls; a real API server keeps minutes of history");
        }

        // A dedicated server with a five-change window and no bookmarks, so a stale resourceVersion is certain to be gone.
        await using var server = await TestApiServer.TestApiServer.StartAsync(new TestApiServerOptions { WatchHistorySize = 5, BookmarkInterval = TimeSpan.FromHours(1) });
        var kubeconfig = server.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory("contract-410-").FullName, "kubeconfig"));
        using var cluster = new KubernetesCluster(KubernetesConfigLoader.Load(kubeconfig, null));
        var kube = cluster.Api;
        const string ns = "default";
        await kube.CreateAsync(ContractObjects.ConfigMap(ns, "stays", "1"), default);
        await kube.CreateAsync(ContractObjects.ConfigMap(ns, "goes", "1"), default);
        var deleted = new List<string>();
        var watcher = new ResourceWatcher(kube, new ResourceWatcherOptions("v1", "ConfigMap", ns)
        {
            WatchTimeoutSeconds = 1,
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(100),
        }, (e, _) =>
        {
            if (e.Type == ResourceWatcherEventType.Deleted)
            {
                lock (deleted)
                {
                    deleted.Add(e.Object!.GetName());
                }
            }

            return ValueTask.CompletedTask;
        });
        using var stop = new CancellationTokenSource();
        var run = watcher.RunAsync(stop.Token);
        try
        {
            await WaitAsync(() => watcher.HasSynced && watcher.Count == 2, "the watcher's first list");
            var listsBefore = server.Requests.Count("list", "configmaps");

            // Refuse every watch, then wait for one refusal: the open stream has ended and the watcher sees nothing more.
            var watchesBefore = server.Requests.Count("watch", "configmaps");
            server.Faults.Add(new Fault { Verb = "watch", Resource = "configmaps", StatusCode = 403, Times = 100_000 });
            await WaitAsync(() => server.Requests.Count("watch", "configmaps") > watchesBefore + 1, "a refused watch");

            await kube.DeleteAsync("v1", "ConfigMap", ns, "goes", new DeleteOptions("Background"), default);
            await kube.CreateAsync(ContractObjects.ConfigMap(ns, "arrives", "1"), default);
            for (var i = 2; i <= 8; i++)
            {
                await kube.ApplyAsync(ContractObjects.ConfigMap(ns, "stays", $"{i}"), new ApplyOptions("contract"), default);
            }

            server.Faults.Clear();

            await WaitAsync(() => server.Requests.Count("list", "configmaps") > listsBefore, "a relist after 410 Gone");
            await WaitAsync(() => watcher.Count == 2 && watcher.TryGet(ns, "stays")?.GetStringAt("data", "value") == "8" && watcher.TryGet(ns, "arrives") is not null,
                "the store to converge after the relist");
            Assert.Null(watcher.TryGet(ns, "goes"));
            lock (deleted)
            {
                Assert.Equal(["goes"], deleted);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }

    private async Task WaitForStoreToMatchAsync(ResourceWatcher watcher, string ns) =>
        await fx.Cluster.WaitAsync(async () =>
        {
            var live = await Kube.ListAllAsync("v1", "ConfigMap", ns, new ListOptions(), default);
            var liveVersions = live.Items.ToDictionary(i => i.GetName(), i => i.GetStringAt("metadata", "resourceVersion"));
            var stored = watcher.Snapshot().ToDictionary(i => i.GetName(), i => i.GetStringAt("metadata", "resourceVersion"));
            return liveVersions.Count == stored.Count && liveVersions.All(kv => stored.GetValueOrDefault(kv.Key) == kv.Value);
        }, "the watcher's store to match a fresh list", WatcherTimeout);

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + WatcherTimeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(20);
        }
    }
}
