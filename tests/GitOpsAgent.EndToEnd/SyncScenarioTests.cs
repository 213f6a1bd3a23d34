using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.EndToEnd;

/// <summary>The GitOps loop end to end: the real controller, our real client over HTTP, a real Git server.</summary>
public sealed class SyncScenarioTests(E2EFixture fx) : IClassFixture<E2EFixture>
{
    private KubernetesApi Kube => fx.Cluster.Client;

    [Fact]
    public async Task Commit_IsAppliedAndStatusIsSyncedAtTheNewSha()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-commit");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string>
        {
            ["app/config.yaml"] = TestManifests.ConfigMap("settings", "one"),
            ["app/web.yaml"] = TestManifests.Deployment("web", 2),
        });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "guestbook", repo.Url, "app"), default);

        var first = await repo.HeadAsync();
        await fx.WaitForSyncAsync(ns, "guestbook", "Synced", first);
        var configMap = await Kube.GetAsync("v1", "ConfigMap", ns, "settings", default);
        Assert.Equal("one", configMap?.GetStringAt("data", "value"));
        Assert.Equal($"{ns}/guestbook:/ConfigMap:{ns}/settings", configMap?.GetAnnotation("gitopsagent.io/tracking-id"));

        repo.WriteFile("app/config.yaml", TestManifests.ConfigMap("settings", "two"));
        var second = await repo.CommitAsync("change the setting");
        await fx.WaitForSyncAsync(ns, "guestbook", "Synced", second);

        configMap = await Kube.GetAsync("v1", "ConfigMap", ns, "settings", default);
        Assert.Equal("two", configMap?.GetStringAt("data", "value"));
        var app = await fx.GetApplicationAsync(ns, "guestbook");
        var history = app!.GetArrayAt("status", "history")!.OfType<JsonObject>().Select(h => h.GetStringAt("revision")).ToList();
        Assert.Equal([first, second], history);
        await fx.Cluster.WaitAsync(async () => (await fx.GetApplicationAsync(ns, "guestbook"))?.GetStringAt("status", "health", "status") == "Healthy", "Healthy");
        var ready = (await fx.GetApplicationAsync(ns, "guestbook"))!.GetArrayAt("status", "conditions")!.OfType<JsonObject>().Single(c => c.GetStringAt("type") == "Ready");
        Assert.Equal("True", ready.GetStringAt("status"));
    }

    [Fact]
    public async Task FileRemovedFromGit_ObjectIsPruned_AndAStrangerWithACopiedLabelIsNot()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-prune");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string>
        {
            ["app/keep.yaml"] = TestManifests.ConfigMap("keep", "k"),
            ["app/drop.yaml"] = TestManifests.ConfigMap("drop", "d"),
        });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "app", repo.Url, "app"), default);
        await fx.WaitForSyncAsync(ns, "app", "Synced", await repo.HeadAsync());

        // A stranger that copied our tracking label (but not our tracking id) must survive the prune.
        var label = (await Kube.GetAsync("v1", "ConfigMap", ns, "drop", default))!.GetLabel("gitopsagent.io/application")!;
        var stranger = (JsonObject)JsonNode.Parse(TestManifestsJson.ConfigMap(ns, "stranger", label))!;
        await Kube.CreateAsync(stranger, default);

        repo.DeleteFile("app/drop.yaml");
        var sha = await repo.CommitAsync("drop a config map");
        await fx.WaitForSyncAsync(ns, "app", "Synced", sha);
        await fx.Cluster.WaitAsync(async () => await Kube.GetAsync("v1", "ConfigMap", ns, "drop", default) is null, "drop to be pruned");

        Assert.NotNull(await Kube.GetAsync("v1", "ConfigMap", ns, "keep", default));
        Assert.NotNull(await Kube.GetAsync("v1", "ConfigMap", ns, "stranger", default));
    }

    [Fact]
    public async Task DriftByAnotherManager_IsReportedAndSelfHealed()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-drift");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["app/web.yaml"] = TestManifests.Deployment("web", 2) });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns, o => o.Interval = TimeSpan.FromMinutes(10));
        var app = TestManifests.Application(ns, "web", repo.Url, "app");
        app["spec"]!["syncPolicy"]!["interval"] = "10m";
        await Kube.CreateAsync(app, default);
        await fx.WaitForSyncAsync(ns, "web", "Synced");

        // Someone scales by hand (an Update by another manager); with a 10-minute poll only the watch can notice.
        await Kube.PatchAsync("apps/v1", "Deployment", ns, "web", JsonNode.Parse("""{"spec":{"replicas":5}}""")!, PatchType.Merge, default);

        await fx.Cluster.WaitAsync(async () => (await Kube.GetAsync("apps/v1", "Deployment", ns, "web", default))?.GetInt64At("spec", "replicas") == 2,
            "self-heal to restore 2 replicas", TimeSpan.FromSeconds(fx.Cluster.IsRealCluster ? 60 : 10));
        var events = await Kube.ListAllAsync("v1", "Event", ns, new ListOptions(), default);
        Assert.Contains(events.Items, e => e.GetStringAt("reason") == "DriftDetected");
    }

    [Fact]
    public async Task AWriterThatKeepsRevertingUs_MeetsAGrowingSelfHealBackoff_NamedInACondition()
    {
        var server = fx.Cluster.Server;
        if (server is null)
        {
            Assert.Skip("counting our applies needs the in-process test API server");
        }

        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-fight");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["app/web.yaml"] = TestManifests.Deployment("web", 2) });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns, o => o.SelfHealBackoff = TimeSpan.FromSeconds(1));
        await Kube.CreateAsync(TestManifests.Application(ns, "web", repo.Url, "app"), default);
        await fx.WaitForSyncAsync(ns, "web", "Synced");

        // Another controller reverts each self-heal 700 ms after it (long enough for us to see the object in sync in
        // between), for 9 s. Without a backoff that survives those calm moments we would heal about once a second.
        server!.Requests.Reset();
        var sawBackoff = false;
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(9);
        while (DateTime.UtcNow < until)
        {
            await Kube.PatchAsync("apps/v1", "Deployment", ns, "web", JsonNode.Parse("""{"spec":{"replicas":5}}""")!, PatchType.Merge, default);
            while (DateTime.UtcNow < until && (await Kube.GetAsync("apps/v1", "Deployment", ns, "web", default))?.GetInt64At("spec", "replicas") != 2)
            {
                var conditions = (await fx.GetApplicationAsync(ns, "web"))?.GetArrayAt("status", "conditions") ?? [];
                sawBackoff |= conditions.OfType<JsonObject>().Any(c => c.GetStringAt("reason") == "SelfHealBackoff" && c.GetStringAt("message")!.Contains("field managers:", StringComparison.Ordinal));
                await Task.Delay(50);
            }

            await Task.Delay(700);
        }

        // Each heal is a dry-run apply and an apply.
        var heals = server.Requests.Count("apply", "deployments") / 2;
        Assert.True(sawBackoff, "a SelfHealBackoff condition naming the other field managers");
        Assert.InRange(heals, 1, 5);
    }

    [Fact]
    public async Task Suspended_ShowsDriftButWritesNothing()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-suspend");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["app/cm.yaml"] = TestManifests.ConfigMap("settings", "one") });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "app", repo.Url, "app"), default);
        await fx.WaitForSyncAsync(ns, "app", "Synced");

        await Kube.PatchAsync("gitopsagent.io/v1alpha1", "Application", ns, "app", JsonNode.Parse("""{"spec":{"suspend":true}}""")!, PatchType.Merge, default);
        repo.WriteFile("app/cm.yaml", TestManifests.ConfigMap("settings", "two"));
        var sha = await repo.CommitAsync("change while suspended");

        await fx.WaitForSyncAsync(ns, "app", "OutOfSync", sha);
        Assert.Equal("one", (await Kube.GetAsync("v1", "ConfigMap", ns, "settings", default))?.GetStringAt("data", "value"));

        await Kube.PatchAsync("gitopsagent.io/v1alpha1", "Application", ns, "app", JsonNode.Parse("""{"spec":{"suspend":false}}""")!, PatchType.Merge, default);
        await fx.WaitForSyncAsync(ns, "app", "Synced", sha);
        Assert.Equal("two", (await Kube.GetAsync("v1", "ConfigMap", ns, "settings", default))?.GetStringAt("data", "value"));
    }

    [Fact]
    public async Task ManualSyncAnnotation_SyncsAnApplicationWithoutAutomation_AndIsRemoved()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-manual");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["app/cm.yaml"] = TestManifests.ConfigMap("settings", "one") });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "app", repo.Url, "app", automated: false), default);

        await fx.WaitForSyncAsync(ns, "app", "OutOfSync", await repo.HeadAsync());
        Assert.Null(await Kube.GetAsync("v1", "ConfigMap", ns, "settings", default));

        await Kube.PatchAsync("gitopsagent.io/v1alpha1", "Application", ns, "app", JsonNode.Parse("""{"metadata":{"annotations":{"gitopsagent.io/sync":"true"}}}""")!, PatchType.Merge, default);
        await fx.WaitForSyncAsync(ns, "app", "Synced");
        Assert.NotNull(await Kube.GetAsync("v1", "ConfigMap", ns, "settings", default));
        await fx.Cluster.WaitAsync(async () => (await fx.GetApplicationAsync(ns, "app"))?.GetAnnotation("gitopsagent.io/sync") is null, "the sync annotation to be removed");
        var history = (await fx.GetApplicationAsync(ns, "app"))!.GetArrayAt("status", "history")!;
        Assert.Equal("manual", history[^1]!["initiatedBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rollback_ToARevisionFromHistory_DeploysThatRevision()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-rollback");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["app/cm.yaml"] = TestManifests.ConfigMap("settings", "v1") });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "app", repo.Url, "app"), default);
        var good = await repo.HeadAsync();
        await fx.WaitForSyncAsync(ns, "app", "Synced", good);
        repo.WriteFile("app/cm.yaml", TestManifests.ConfigMap("settings", "v2-bad"));
        var bad = await repo.CommitAsync("a bad change");
        await fx.WaitForSyncAsync(ns, "app", "Synced", bad);

        // Rollback as documented: pin targetRevision to a SHA from status.history.
        var historySha = (await fx.GetApplicationAsync(ns, "app"))!.GetArrayAt("status", "history")!.OfType<JsonObject>().First().GetStringAt("revision")!;
        var pin = new JsonObject { ["spec"] = new JsonObject { ["source"] = new JsonObject { ["targetRevision"] = historySha } } };
        await Kube.PatchAsync("gitopsagent.io/v1alpha1", "Application", ns, "app", pin, PatchType.Merge, default);

        await fx.WaitForSyncAsync(ns, "app", "Synced", good);
        Assert.Equal("v1", (await Kube.GetAsync("v1", "ConfigMap", ns, "settings", default))?.GetStringAt("data", "value"));
    }

    [Fact]
    public async Task InvalidManifestInGit_KeepsTheDeployedObjects_AndSaysWhere()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-invalid");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string>
        {
            ["app/a.yaml"] = TestManifests.ConfigMap("a", "1"),
            ["app/b.yaml"] = TestManifests.ConfigMap("b", "1"),
        });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "app", repo.Url, "app"), default);
        await fx.WaitForSyncAsync(ns, "app", "Synced");

        repo.DeleteFile("app/a.yaml");
        repo.WriteFile("app/b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata: [unclosed\n");
        var sha = await repo.CommitAsync("break a manifest and drop another");

        await fx.Cluster.WaitAsync(async () =>
        {
            var app = await fx.GetApplicationAsync(ns, "app");
            return (app?.GetArrayAt("status", "conditions") ?? []).OfType<JsonObject>().Any(c => c.GetStringAt("type") == "Ready" && c.GetStringAt("reason") == "InvalidManifest");
        }, "an InvalidManifest condition");
        var app = (await fx.GetApplicationAsync(ns, "app"))!;
        var ready = app.GetArrayAt("status", "conditions")!.OfType<JsonObject>().Single(c => c.GetStringAt("type") == "Ready");
        Assert.Matches(@"app/b\.yaml:\d+:\d+: ", ready.GetStringAt("message"));
        Assert.Equal(sha, app.GetStringAt("status", "lastAttemptedRevision"));
        Assert.NotEqual(sha, app.GetStringAt("status", "lastAppliedRevision"));
        Assert.NotNull(await Kube.GetAsync("v1", "ConfigMap", ns, "a", default));
        Assert.NotNull(await Kube.GetAsync("v1", "ConfigMap", ns, "b", default));
    }

    [Theory]
    [InlineData("Delete", true)]
    [InlineData("Orphan", false)]
    public async Task DeletingTheApplication_CascadesOnlyWithDeletePolicy(string policy, bool objectsDeleted)
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-delete");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["app/cm.yaml"] = TestManifests.ConfigMap("settings", "one") });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "app", repo.Url, "app", deletionPolicy: policy), default);
        await fx.WaitForSyncAsync(ns, "app", "Synced");
        if (objectsDeleted)
        {
            await fx.Cluster.WaitAsync(async () => (await fx.GetApplicationAsync(ns, "app"))?.GetArrayAt("metadata", "finalizers")?.Count == 1, "the finalizer");
        }

        await Kube.DeleteAsync("gitopsagent.io/v1alpha1", "Application", ns, "app", new DeleteOptions("Background"), default);
        await fx.Cluster.WaitAsync(async () => await fx.GetApplicationAsync(ns, "app") is null, "the Application to go");

        var configMap = await Kube.GetAsync("v1", "ConfigMap", ns, "settings", default);
        if (objectsDeleted)
        {
            Assert.Null(configMap);
        }
        else
        {
            Assert.NotNull(configMap);
            Assert.NotNull(configMap!.GetLabel("gitopsagent.io/application"));
        }
    }
}

internal static class TestManifestsJson
{
    public static string ConfigMap(string ns, string name, string trackingLabel) =>
        $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}","labels":{"gitopsagent.io/application":"{{{trackingLabel}}}"}},"data":{"owner":"someone else"}}""";
}
