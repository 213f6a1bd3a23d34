using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.EndToEnd;

/// <summary>Leader election, restarts, steady-state cost and webhooks.</summary>
public sealed class ControllerLifecycleTests(E2EFixture fx) : IClassFixture<E2EFixture>
{
    private KubernetesApi Kube => fx.Cluster.Client;

    [Fact]
    public async Task TwoReplicas_OnlyTheLeaderWrites_AndTheStandbyTakesOverWhenItStops()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-ha");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["app/cm.yaml"] = TestManifests.ConfigMap("settings", "one") });
        var first = await ControllerInstance.StartAsync(fx.Cluster, ns, o => { o.LeaderElect = true; o.Identity = "replica-a"; });
        await fx.Cluster.WaitAsync(() => Task.FromResult(first.Controller.IsLeading), "replica-a to lead");
        await using var second = await ControllerInstance.StartAsync(fx.Cluster, ns, o => { o.LeaderElect = true; o.Identity = "replica-b"; });
        try
        {
            await Kube.CreateAsync(TestManifests.Application(ns, "app", repo.Url, "app"), default);
            await fx.WaitForSyncAsync(ns, "app", "Synced");
            Assert.True(first.Controller.IsLeading);
            Assert.False(second.Controller.IsLeading);
            Assert.Equal((true, "standby: not leading"), second.Controller.Readiness());
            var lease = await Kube.GetAsync("coordination.k8s.io/v1", "Lease", ns, "gitops-agent", default);
            Assert.Equal("replica-a", lease?.GetStringAt("spec", "holderIdentity"));
        }
        finally
        {
            await first.DisposeAsync();
        }

        // The leader released its lease on shutdown: the standby leads within a lease duration and does the work.
        await fx.Cluster.WaitAsync(() => Task.FromResult(second.Controller.IsLeading), "replica-b to take over", TimeSpan.FromSeconds(15));
        repo.WriteFile("app/cm.yaml", TestManifests.ConfigMap("settings", "two"));
        var sha = await repo.CommitAsync("change after failover");
        await fx.WaitForSyncAsync(ns, "app", "Synced", sha);
        Assert.Equal("two", (await Kube.GetAsync("v1", "ConfigMap", ns, "settings", default))?.GetStringAt("data", "value"));
    }

    [Fact]
    public async Task TwoShards_EachElectsItsOwnLeader_AndTogetherSyncEveryApplicationOnce()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-shards");
        var repo = await fx.Git.CreateRepositoryAsync(ns, Enumerable.Range(0, 6).ToDictionary(i => $"app{i}/cm.yaml", i => TestManifests.ConfigMap($"cm{i}", "v")));
        await using var shard0 = await ControllerInstance.StartAsync(fx.Cluster, ns, o => { o.LeaderElect = true; o.Identity = "shard-0-a"; o.Shard = 0; o.Shards = 2; o.FieldManager = "gitops-agent-shard-0"; });
        await using var shard1 = await ControllerInstance.StartAsync(fx.Cluster, ns, o => { o.LeaderElect = true; o.Identity = "shard-1-a"; o.Shard = 1; o.Shards = 2; o.FieldManager = "gitops-agent-shard-1"; });
        for (var i = 0; i < 6; i++)
        {
            await Kube.CreateAsync(TestManifests.Application(ns, $"app{i}", repo.Url, $"app{i}"), default);
        }

        for (var i = 0; i < 6; i++)
        {
            await fx.WaitForSyncAsync(ns, $"app{i}", "Synced");
        }

        Assert.Equal("shard-0-a", (await Kube.GetAsync("coordination.k8s.io/v1", "Lease", ns, "gitops-agent-shard-0", default))?.GetStringAt("spec", "holderIdentity"));
        Assert.Equal("shard-1-a", (await Kube.GetAsync("coordination.k8s.io/v1", "Lease", ns, "gitops-agent-shard-1", default))?.GetStringAt("spec", "holderIdentity"));

        // Each replica applied exactly the Applications of its shard (each replica has its own field manager here).
        for (var i = 0; i < 6; i++)
        {
            var managers = (await Kube.GetAsync("v1", "ConfigMap", ns, $"cm{i}", default))!.GetArrayAt("metadata", "managedFields")!
                .OfType<JsonObject>().Select(m => m.GetStringAt("manager")).Where(m => m!.StartsWith("gitops-agent", StringComparison.Ordinal)).ToList();
            Assert.Equal([$"gitops-agent-shard-{Core.Scheduling.ShardAssignment.ShardOf(ns, $"app{i}", 2)}"], managers);
        }

        for (var i = 0; i < 6; i++)
        {
            Assert.Single((await fx.GetApplicationAsync(ns, $"app{i}"))!.GetArrayAt("status", "history")!);
        }
    }

    [Fact]
    public async Task RestartedController_ResumesFromStatus_WithoutWritingOrPruning()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-restart");
        var files = Enumerable.Range(0, 6).ToDictionary(i => $"app/cm{i}.yaml", i => TestManifests.ConfigMap($"cm{i}", "v"));
        var repo = await fx.Git.CreateRepositoryAsync(ns, files);
        var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "app", repo.Url, "app"), default);

        // Stop while the first sync may still be running, then start again: it must converge and lose nothing.
        await Task.Delay(300);
        await controller.DisposeAsync();
        await using var restarted = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await fx.WaitForSyncAsync(ns, "app", "Synced", await repo.HeadAsync());
        for (var i = 0; i < 6; i++)
        {
            Assert.NotNull(await Kube.GetAsync("v1", "ConfigMap", ns, $"cm{i}", default));
        }

        // A further restart of a synced Application writes nothing at all.
        var versions = new List<string?>();
        for (var i = 0; i < 6; i++)
        {
            versions.Add((await Kube.GetAsync("v1", "ConfigMap", ns, $"cm{i}", default))?.GetStringAt("metadata", "resourceVersion"));
        }

        await restarted.StopAsync();
        await using var again = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Task.Delay(TimeSpan.FromSeconds(3));
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(versions[i], (await Kube.GetAsync("v1", "ConfigMap", ns, $"cm{i}", default))?.GetStringAt("metadata", "resourceVersion"));
        }
    }

    [Fact]
    public async Task SteadyState_MakesNoListsGetsOrWrites()
    {
        var server = fx.Cluster.Server;
        if (server is null)
        {
            Assert.Skip("request counting needs the in-process test API server; a real cluster does not count requests for us");
        }

        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-steady");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string>
        {
            ["app/cm.yaml"] = TestManifests.ConfigMap("settings", "one"),
            ["app/web.yaml"] = TestManifests.Deployment("web", 1),
            ["app/svc.yaml"] = TestManifests.Service("web"),
        });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns, o => o.Interval = TimeSpan.FromSeconds(1));
        await Kube.CreateAsync(TestManifests.Application(ns, "app", repo.Url, "app"), default);
        await fx.WaitForSyncAsync(ns, "app", "Synced");
        await fx.Cluster.WaitAsync(async () => (await fx.GetApplicationAsync(ns, "app"))?.GetStringAt("status", "health", "status") == "Healthy", "Healthy");
        await Task.Delay(TimeSpan.FromSeconds(2));

        // Several poll intervals (1 s, and the Application's own 2 s) pass with nothing changed.
        server!.Requests.Reset();
        await Task.Delay(TimeSpan.FromSeconds(5));

        Assert.Equal(0, server.Requests.Count("list"));
        Assert.Equal(0, server.Requests.Count("get"));
        Assert.Equal(0, server.Requests.Writes);
    }

    [Fact]
    public async Task GitHubPushWebhook_SyncsAtOnce_EvenWithALongPollInterval()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-webhook");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["app/cm.yaml"] = TestManifests.ConfigMap("settings", "one") });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns, o =>
        {
            o.Interval = TimeSpan.FromMinutes(30);
            o.WebhookGitHubSecret = "e2e-webhook-secret";
        });
        var app = TestManifests.Application(ns, "app", repo.Url, "app");
        app["spec"]!["syncPolicy"]!["interval"] = "30m";
        await Kube.CreateAsync(app, default);
        await fx.WaitForSyncAsync(ns, "app", "Synced");

        repo.WriteFile("app/cm.yaml", TestManifests.ConfigMap("settings", "two"));
        var sha = await repo.CommitAsync("pushed");
        var payload = $$$"""{"ref":"refs/heads/main","after":"{{{sha}}}","repository":{"clone_url":"{{{repo.Url}}}","html_url":"{{{repo.Url}}}","ssh_url":"{{{repo.Url}}}"}}""";
        using var http = new HttpClient { BaseAddress = controller.HttpAddress };
        using var unsigned = new StringContent(payload, Encoding.UTF8, "application/json");
        unsigned.Headers.Add("X-GitHub-Event", "push");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.PostAsync("/api/webhook", unsigned)).StatusCode);

        using var signed = new StringContent(payload, Encoding.UTF8, "application/json");
        signed.Headers.Add("X-GitHub-Event", "push");
        signed.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("e2e-webhook-secret"), Encoding.UTF8.GetBytes(payload))));
        var response = await http.PostAsync("/api/webhook", signed);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);

        await fx.WaitForSyncAsync(ns, "app", "Synced", sha, TimeSpan.FromSeconds(15));
        Assert.Equal("two", (await Kube.GetAsync("v1", "ConfigMap", ns, "settings", default))?.GetStringAt("data", "value"));
    }
}
