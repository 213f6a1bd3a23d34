using System.Diagnostics;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.EndToEnd;

/// <summary>
/// Issue 19 against a cluster: PreSync hooks before the Sync phase, a failing one stopping the sync and running the
/// SyncFail hook, a chart's test hook never applied, waves gated on health, dependsOn between Applications. The test
/// API server's fake controllers finish a Job, fail it or keep it running, and hold a rollout, by annotation.
/// </summary>
public sealed class SyncPhasesScenarioTests(E2EFixture fx) : IClassFixture<E2EFixture>
{
    private const string InProcessOnly = "holds a Job or a rollout by a test API server annotation and finishes it by writing its status; a real cluster's controllers would not";
    private const string JobResult = "testapiserver.gitopsagent.io/job-result";
    private const string Rollout = "testapiserver.gitopsagent.io/rollout";
    private static readonly TimeSpan Observe = TimeSpan.FromSeconds(3);

    private KubernetesApi Kube => fx.Cluster.Client;

    private static string Job(string name, string hook, string? result = null) => $$"""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: {{name}}
          annotations:
            gitopsagent.io/hook: {{hook}}
        {{(result is null ? "" : $"    {JobResult}: {result}")}}
        spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: main
                  image: busybox:1.36
                  command: ["true"]
        """;

    /// <summary>The manifest with annotations on its own metadata (the first, not a pod template's).</summary>
    private static string Annotated(string manifest, string annotations)
    {
        var at = manifest.IndexOf("metadata:\n", StringComparison.Ordinal) + "metadata:\n".Length;
        return manifest[..at] + $"  annotations: {{{annotations}}}\n" + manifest[at..];
    }

    private async Task<JsonObject?> GetAsync(string apiVersion, string kind, string ns, string name) => await Kube.GetAsync(apiVersion, kind, ns, name, default);

    /// <summary>For <see cref="Observe"/>: <paramref name="holds"/> stays true (the controller keeps to the gate).</summary>
    private async Task HoldsAsync(Func<Task<bool>> holds, string what, string ns, string app)
    {
        var until = DateTime.UtcNow + Observe;
        while (DateTime.UtcNow < until)
        {
            Assert.True(await holds(), $"{what}; status: {await fx.DescribeAsync(ns, app)}");
            await Task.Delay(200);
        }
    }

    private Task WaitReadyAsync(string ns, string name, string revision) =>
        fx.Cluster.WaitAsync(async () => await fx.GetApplicationAsync(ns, name) is { } app
            && AppStatus.HasCondition(app, "Ready", "True") && app.GetStringAt("status", "lastAppliedRevision") == revision,
            $"{ns}/{name} Ready at {revision[..7]}");

    [Fact]
    public async Task PreSyncMigrationJob_RunsAndCompletesBeforeTheDeploymentIsUpdated()
    {
        Assert.SkipWhen(fx.Cluster.IsRealCluster, InProcessOnly);
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-presync");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string>
        {
            ["app/web.yaml"] = TestManifests.Deployment("web", 1, "registry.k8s.io/pause:3.9"),
            ["app/migrate.yaml"] = Job("migrate", "PreSync"),
        });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "web", repo.Url, "app"), default);
        await WaitReadyAsync(ns, "web", await repo.HeadAsync());
        var firstMigration = (await GetAsync("batch/v1", "Job", ns, "migrate"))!.GetStringAt("metadata", "uid");

        // The next release: a new image, and a migration that runs until the test lets it finish.
        repo.WriteFile("app/web.yaml", TestManifests.Deployment("web", 1, "registry.k8s.io/pause:3.10"));
        repo.WriteFile("app/migrate.yaml", Job("migrate", "PreSync", result: "Running"));
        var release = await repo.CommitAsync("release 2: migrate, then roll out");
        await fx.Cluster.WaitAsync(async () => await GetAsync("batch/v1", "Job", ns, "migrate") is { } job && job.GetStringAt("metadata", "uid") != firstMigration,
            "the migration Job of release 2 (BeforeHookCreation replaced the first)");
        await fx.Cluster.WaitAsync(async () => AppStatus.HasCondition(await fx.GetApplicationAsync(ns, "web"), "Ready", "False", "HookRunning"), "Ready=False HookRunning");

        await HoldsAsync(async () => Image(await GetAsync("apps/v1", "Deployment", ns, "web")) == "registry.k8s.io/pause:3.9",
            "the Deployment keeps its old image while the migration runs", ns, "web");
        fx.Cluster.Server!.Store.SetStatus("batch/v1", "Job", ns, "migrate", JsonNode.Parse("""{"succeeded": 1, "conditions": [{"type": "Complete", "status": "True"}]}""")!);

        await WaitReadyAsync(ns, "web", release);
        Assert.Equal("registry.k8s.io/pause:3.10", Image(await GetAsync("apps/v1", "Deployment", ns, "web")));
        var app = (await fx.GetApplicationAsync(ns, "web"))!;
        Assert.Equal(["Deployment"], (app.GetArrayAt("status", "resources") ?? []).OfType<JsonObject>().Select(r => r.GetStringAt("kind")));
        Assert.Contains((app.GetArrayAt("status", "operationState", "resources") ?? []).OfType<JsonObject>(),
            r => r.GetStringAt("kind") == "Job" && r.GetStringAt("hookStatus") == "Succeeded" && r.GetStringAt("syncPhase") == "PreSync");
    }

    [Fact]
    public async Task FailingPreSyncJob_BlocksTheSync_RunsTheSyncFailHook_AndAppliesNothingElse()
    {
        Assert.SkipWhen(fx.Cluster.IsRealCluster, InProcessOnly);
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-presync-fail");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string>
        {
            ["app/web.yaml"] = TestManifests.Deployment("web", 1),
            ["app/settings.yaml"] = TestManifests.ConfigMap("settings", "one"),
            ["app/migrate.yaml"] = Job("migrate", "PreSync", result: "Failed"),
            ["app/notify.yaml"] = Job("notify", "SyncFail"),
        });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "web", repo.Url, "app"), default);

        await fx.Cluster.WaitAsync(async () => AppStatus.HasCondition(await fx.GetApplicationAsync(ns, "web"), "Stalled", "True", "HookFailed"), "Stalled=True HookFailed");

        var app = (await fx.GetApplicationAsync(ns, "web"))!;
        var ready = AppStatus.Condition(app, "Ready")!;
        Assert.Equal(("False", "HookFailed"), (ready.GetStringAt("status"), ready.GetStringAt("reason")));
        Assert.Contains($"PreSync hook Job.batch {ns}/migrate failed: Job has reached the specified backoff limit; nothing of the Sync phase was applied", ready.GetStringAt("message"), StringComparison.Ordinal);
        Assert.Contains($"Job.batch {ns}/notify (Succeeded)", ready.GetStringAt("message"), StringComparison.Ordinal);
        Assert.NotNull(await GetAsync("batch/v1", "Job", ns, "notify"));
        Assert.Null(await GetAsync("apps/v1", "Deployment", ns, "web"));
        Assert.Null(await GetAsync("v1", "ConfigMap", ns, "settings"));
        Assert.Null(app.GetStringAt("status", "lastAppliedRevision"));
        await fx.Cluster.WaitAsync(async () => (await AppStatus.EventsAsync(fx.Cluster, ns, "web")).Any(e => e.GetStringAt("type") == "Warning" && e.GetStringAt("reason") == "HookFailed"),
            "a Warning Event HookFailed");

        // Polls (every 2s) neither retry the failed migration nor apply the rest.
        var migration = (await GetAsync("batch/v1", "Job", ns, "migrate"))!.GetStringAt("metadata", "uid");
        await HoldsAsync(async () => (await GetAsync("batch/v1", "Job", ns, "migrate"))?.GetStringAt("metadata", "uid") == migration
            && await GetAsync("apps/v1", "Deployment", ns, "web") is null, "no retry at the same revision", ns, "web");
    }

    [Fact]
    public async Task ChartTestHook_IsNotApplied_AndItsPreInstallHookRunsFirst()
    {
        Assert.SkipWhen(!ToolAvailable("helm"), "helm is not on the PATH (eng/install-helm.sh fetches it)");
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-chart-hooks");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string>
        {
            ["chart/Chart.yaml"] = "apiVersion: v2\nname: shop\nversion: 0.1.0\n",
            ["chart/templates/settings.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\ndata: {value: one}\n",
            ["chart/templates/migrate.yaml"] = Job("{{ .Release.Name }}-migrate", "PreSync").Replace("    gitopsagent.io/hook: PreSync", "    \"helm.sh/hook\": pre-install,pre-upgrade", StringComparison.Ordinal),
            ["chart/templates/tests/connection.yaml"] = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-test-connection\n  annotations: {\"helm.sh/hook\": test}\nspec:\n  restartPolicy: Never\n  containers: [{name: wget, image: \"busybox:1.36\", command: [wget, \"{{ .Release.Name }}:80\"]}]\n",
        });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "shop", repo.Url, "chart"), default);

        await WaitReadyAsync(ns, "shop", await repo.HeadAsync());

        Assert.Null(await GetAsync("v1", "Pod", ns, "shop-test-connection"));
        Assert.NotNull(await GetAsync("v1", "ConfigMap", ns, "shop-settings"));
        var app = (await fx.GetApplicationAsync(ns, "shop"))!;
        Assert.Equal(["Job", "ConfigMap"], AppStatus.OperationKinds(app));
        Assert.Equal("PreSync", app.GetArrayAt("status", "operationState", "resources")!.OfType<JsonObject>().First().GetStringAt("syncPhase"));
        Assert.DoesNotContain((app.GetArrayAt("status", "resources") ?? []).OfType<JsonObject>(), r => r.GetStringAt("kind") is "Pod" or "Job");
    }

    [Fact]
    public async Task Wave2_WaitsForWave1ToBeHealthy()
    {
        Assert.SkipWhen(fx.Cluster.IsRealCluster, InProcessOnly);
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-waves");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string>
        {
            ["app/db.yaml"] = Annotated(TestManifests.Deployment("db", 1), $"gitopsagent.io/sync-wave: \"1\", {Rollout}: Stuck"),
            ["app/web.yaml"] = Annotated(TestManifests.ConfigMap("web-config", "one"), "gitopsagent.io/sync-wave: \"2\""),
        });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "app", repo.Url, "app"), default);
        await fx.Cluster.WaitAsync(async () => await GetAsync("apps/v1", "Deployment", ns, "db") is not null, "wave 1 applied");
        await fx.Cluster.WaitAsync(async () => AppStatus.HasCondition(await fx.GetApplicationAsync(ns, "app"), "Ready", "False", "WaitingForWave"), "Ready=False WaitingForWave");
        Assert.Contains($"waiting for Deployment.apps {ns}/db", AppStatus.Condition(await fx.GetApplicationAsync(ns, "app"), "Ready")!.GetStringAt("message"), StringComparison.Ordinal);

        await HoldsAsync(async () => await GetAsync("v1", "ConfigMap", ns, "web-config") is null, "wave 2 waits while wave 1 rolls out", ns, "app");
        fx.Cluster.Server!.Store.SetStatus("apps/v1", "Deployment", ns, "db", JsonNode.Parse("""
            {"observedGeneration": 1, "replicas": 1, "updatedReplicas": 1, "readyReplicas": 1, "availableReplicas": 1,
             "conditions": [{"type": "Available", "status": "True"}, {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"}]}
            """)!);

        await WaitReadyAsync(ns, "app", await repo.HeadAsync());
        Assert.NotNull(await GetAsync("v1", "ConfigMap", ns, "web-config"));
        Assert.Equal(["Deployment", "ConfigMap"], AppStatus.OperationKinds((await fx.GetApplicationAsync(ns, "app"))!));
    }

    [Fact]
    public async Task DependentApplication_WaitsWhileItsDependencyIsBroken_AndSyncsWithinSecondsOfItBecomingReady()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-depends");
        var platform = await fx.Git.CreateRepositoryAsync(ns + "-platform", new Dictionary<string, string>
        {
            ["app/ingress.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ingress\ndata: [not, a, map\n",
        });
        var shop = await fx.Git.CreateRepositoryAsync(ns + "-shop", new Dictionary<string, string> { ["app/shop.yaml"] = TestManifests.ConfigMap("shop", "one") });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "platform", platform.Url, "app"), default);
        var dependent = TestManifests.Application(ns, "shop", shop.Url, "app");
        dependent["spec"]!["dependsOn"] = new JsonArray(new JsonObject { ["name"] = "platform" });
        await Kube.CreateAsync(dependent, default);

        // shop may look before platform has any status ("not reconciled yet"); platform's failure then wakes it.
        await fx.Cluster.WaitAsync(async () => AppStatus.HasCondition(await fx.GetApplicationAsync(ns, "shop"), "Ready", "False", "DependencyNotReady")
            && AppStatus.Condition(await fx.GetApplicationAsync(ns, "shop"), "Ready")!.GetStringAt("message")!.Contains($"{ns}/platform is not Ready (InvalidManifest", StringComparison.Ordinal),
            "shop waits for platform, naming its failure");
        await HoldsAsync(async () => await GetAsync("v1", "ConfigMap", ns, "shop") is null, "nothing of shop is applied while platform is broken", ns, "shop");

        platform.WriteFile("app/ingress.yaml", TestManifests.ConfigMap("ingress", "fixed"));
        var fix = await platform.CommitAsync("fix the platform");
        await WaitReadyAsync(ns, "platform", fix);
        var readyAt = Stopwatch.StartNew();

        // The dependent waits a minute between its own looks: only the dependency's Ready can bring it this soon.
        await fx.Cluster.WaitAsync(async () => await GetAsync("v1", "ConfigMap", ns, "shop") is not null, "shop synced after platform became Ready", TimeSpan.FromSeconds(20));
        Assert.True(readyAt.Elapsed < TimeSpan.FromSeconds(20), $"shop synced {readyAt.Elapsed.TotalSeconds:0.0}s after platform became Ready");
        await WaitReadyAsync(ns, "shop", await shop.HeadAsync());
    }

    [Fact]
    public async Task DependsOnCycle_IsAConditionNamingTheCycle()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-cycle");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["a/cm.yaml"] = TestManifests.ConfigMap("a", "1"), ["b/cm.yaml"] = TestManifests.ConfigMap("b", "1") });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        foreach (var (name, other) in new[] { ("a", "b"), ("b", "a") })
        {
            var app = TestManifests.Application(ns, name, repo.Url, name);
            app["spec"]!["dependsOn"] = new JsonArray(new JsonObject { ["name"] = other, ["namespace"] = ns });
            await Kube.CreateAsync(app, default);
        }

        foreach (var (name, other) in new[] { ("a", "b"), ("b", "a") })
        {
            await fx.Cluster.WaitAsync(async () => AppStatus.HasCondition(await fx.GetApplicationAsync(ns, name), "Stalled", "True", "DependencyCycle"), $"{name}: Stalled DependencyCycle");
            Assert.Contains($"{ns}/{name} -> {ns}/{other} -> {ns}/{name}", AppStatus.Condition(await fx.GetApplicationAsync(ns, name), "Ready")!.GetStringAt("message"), StringComparison.Ordinal);
        }

        Assert.Null(await GetAsync("v1", "ConfigMap", ns, "a"));
        Assert.Null(await GetAsync("v1", "ConfigMap", ns, "b"));
    }

    private static string? Image(JsonObject? deployment) =>
        (deployment?.GetArrayAt("spec", "template", "spec", "containers")?[0] as JsonObject)?.GetStringAt("image");

    private static bool ToolAvailable(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, tool)));
}
