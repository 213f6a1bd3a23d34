using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.EndToEnd;

/// <summary>
/// A hub controller deploying into a remote cluster (a second test API server) named by a kubeconfig Secret: the
/// remote gets the objects and is self-healed; its outage is ClusterUnavailable on its Applications only, with
/// nothing pruned; its token reaches no condition and no log line.
/// </summary>
public sealed class RemoteDestinationScenarioTests(E2EFixture fx) : IClassFixture<E2EFixture>
{
    private KubernetesApi Hub => fx.Cluster.Client;

    [Fact]
    public async Task HubApplication_DeploysIntoTheRemoteAndSelfHeals_AnOutageIsClusterUnavailableOnlyThere_NothingPruned_AndItConvergesAfter()
    {
        var token = "remote-admin-" + Guid.NewGuid().ToString("N");
        await using var remoteServer = await TestApiServer.TestApiServer.StartAsync(new TestApiServer.TestApiServerOptions { Token = token });
        using var remoteCluster = new KubernetesCluster(KubernetesConfigLoader.FromKubeconfigText(remoteServer.KubeconfigText(), null));
        var remote = remoteCluster.Api;

        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-remote");
        await remote.CreateAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }, default);
        await Hub.CreateAsync(KubeconfigSecret(ns, "east", "value", remoteServer.KubeconfigText()), default);
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string>
        {
            ["remote/config.yaml"] = TestManifests.ConfigMap("remote-settings", "one"),
            ["local/config.yaml"] = TestManifests.ConfigMap("local-settings", "one"),
        });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns, o => o.Workers = 2, captureLogs: true);
        var remoteApp = TestManifests.Application(ns, "east-app", repo.Url, "remote");
        remoteApp["spec"]!["destination"]!["kubeConfig"] = new JsonObject { ["secretRef"] = new JsonObject { ["name"] = "east" } };
        await Hub.CreateAsync(remoteApp, default);
        await Hub.CreateAsync(TestManifests.Application(ns, "local-app", repo.Url, "local"), default);

        var first = await repo.HeadAsync();
        await fx.WaitForSyncAsync(ns, "east-app", "Synced", first);
        await fx.WaitForSyncAsync(ns, "local-app", "Synced", first);
        var deployed = await remote.GetAsync("v1", "ConfigMap", ns, "remote-settings", default);
        Assert.Equal("one", deployed?.GetStringAt("data", "value"));
        Assert.Null(await Hub.GetAsync("v1", "ConfigMap", ns, "remote-settings", default));
        Assert.Null(await remote.GetAsync("v1", "ConfigMap", ns, "local-settings", default));
        await WaitReadyAsync(ns, "east-app", "True");

        // Drift in the remote cluster is seen by the remote watch and healed there.
        await remote.PatchAsync("v1", "ConfigMap", ns, "remote-settings", JsonNode.Parse("""{"data":{"value":"drifted"}}""")!, PatchType.Merge, default);
        await fx.Cluster.WaitAsync(async () => (await remote.GetAsync("v1", "ConfigMap", ns, "remote-settings", default))?.GetStringAt("data", "value") == "one",
            "the drift in the remote cluster to be healed");

        // The remote goes away: only its Application turns ClusterUnavailable; the local one keeps syncing a new commit.
        var deletesBefore = remoteServer.Requests.Count("delete");
        remoteServer.Down = true;
        repo.WriteFile("local/config.yaml", TestManifests.ConfigMap("local-settings", "two"));
        repo.WriteFile("remote/config.yaml", TestManifests.ConfigMap("remote-settings", "two"));
        var second = await repo.CommitAsync("change both");
        // A reconcile racing the outage fails its own request (ClusterUnavailable too); the next ones see the failing watches.
        var unavailable = await WaitReadyAsync(ns, "east-app", "False", "ClusterUnavailable", TimeSpan.FromSeconds(60),
            c => c.GetStringAt("message")!.Contains("is unreachable", StringComparison.Ordinal));
        await fx.WaitForSyncAsync(ns, "local-app", "Synced", second);
        await WaitReadyAsync(ns, "local-app", "True");
        Assert.StartsWith($"cluster {remoteServer.BaseAddress.ToString().TrimEnd('/')} (kubeconfig in Secret {ns}/east key value) is unreachable", unavailable.GetStringAt("message"), StringComparison.Ordinal);
        Assert.NotNull(remoteServer.Store.Get("v1", "ConfigMap", ns, "remote-settings"));
        Assert.Equal(deletesBefore, remoteServer.Requests.Count("delete"));

        // Back: it converges to the commit made while it was away, nothing was pruned on the way.
        remoteServer.Down = false;
        await fx.WaitForSyncAsync(ns, "east-app", "Synced", second, TimeSpan.FromSeconds(60));
        await WaitReadyAsync(ns, "east-app", "True", timeout: TimeSpan.FromSeconds(60));
        Assert.Equal("two", (await remote.GetAsync("v1", "ConfigMap", ns, "remote-settings", default))?.GetStringAt("data", "value"));
        Assert.Equal(deployed!.GetStringAt("metadata", "uid"), (await remote.GetAsync("v1", "ConfigMap", ns, "remote-settings", default))?.GetStringAt("metadata", "uid"));

        var status = await fx.DescribeAsync(ns, "east-app");
        Assert.DoesNotContain(token, status, StringComparison.Ordinal);
        Assert.DoesNotContain(controller.Logs!.Lines, line => line.Contains(token, StringComparison.Ordinal));
        Assert.Contains(controller.Logs!.Lines, line => line.Contains("Connected to remote destination", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KubeconfigSecret_MissingThenWithoutTheKeyThenUnparseable_IsAClearConditionNamingTheSecret_WithoutItsContent()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-remote-bad");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["app/config.yaml"] = TestManifests.ConfigMap("settings", "one") });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns, o => o.Workers = 2, captureLogs: true);
        var app = TestManifests.Application(ns, "app", repo.Url, "app");
        app["spec"]!["destination"]!["kubeConfig"] = new JsonObject { ["secretRef"] = new JsonObject { ["name"] = "west" } };
        await Hub.CreateAsync(app, default);

        var missing = await WaitReadyAsync(ns, "app", "False", "CredentialsNotFound");
        Assert.Equal($"Secret {ns}/west named by spec.destination.kubeConfig.secretRef does not exist", missing.GetStringAt("message"));

        const string Token = "west-token-that-must-not-leak";
        await Hub.CreateAsync(KubeconfigSecret(ns, "west", "config", $"users:\n- name: u\n  user:\n    token: {Token}\n"), default);
        await Hub.PatchAsync("gitopsagent.io/v1alpha1", "Application", ns, "app", JsonNode.Parse("""{"metadata":{"annotations":{"gitopsagent.io/refresh":"1"}}}""")!, PatchType.Merge, default);
        var withoutKey = await WaitReadyAsync(ns, "app", "False", "InvalidKubeConfig");
        Assert.Equal($"Secret {ns}/west has no key \"value\" (spec.destination.kubeConfig.secretRef.key); its keys: config", withoutKey.GetStringAt("message"));

        // The key named, but the kubeconfig has no cluster or context to use.
        await Hub.PatchAsync("gitopsagent.io/v1alpha1", "Application", ns, "app",
            JsonNode.Parse("""{"metadata":{"annotations":{"gitopsagent.io/refresh":"2"}},"spec":{"destination":{"kubeConfig":{"secretRef":{"name":"west","key":"config"}}}}}""")!, PatchType.Merge, default);
        var unusable = await WaitReadyAsync(ns, "app", "False", "InvalidKubeConfig", also: c => c.GetStringAt("message")!.Contains("key config", StringComparison.Ordinal));
        Assert.StartsWith($"kubeconfig in Secret {ns}/west key config", unusable.GetStringAt("message"), StringComparison.Ordinal);

        Assert.DoesNotContain(Token, await fx.DescribeAsync(ns, "app"), StringComparison.Ordinal);
        Assert.DoesNotContain(controller.Logs!.Lines, line => line.Contains(Token, StringComparison.Ordinal));
        Assert.Null(await Hub.GetAsync("v1", "ConfigMap", ns, "settings", default));
    }

    private static JsonObject KubeconfigSecret(string ns, string name, string key, string kubeconfig) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["type"] = "Opaque",
        ["data"] = new JsonObject { [key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(kubeconfig)) },
    };

    private static JsonObject? Ready(JsonObject? app) =>
        (app?.GetArrayAt("status", "conditions") ?? []).OfType<JsonObject>().FirstOrDefault(c => c.GetStringAt("type") == "Ready");

    private async Task<JsonObject> WaitReadyAsync(string ns, string name, string status, string? reason = null, TimeSpan? timeout = null, Func<JsonObject, bool>? also = null)
    {
        JsonObject? ready = null;
        await fx.Cluster.WaitAsync(async () =>
        {
            ready = Ready(await fx.GetApplicationAsync(ns, name));
            return ready?.GetStringAt("status") == status && (reason is null || ready.GetStringAt("reason") == reason) && (also is null || also(ready));
        }, $"Application {ns}/{name} Ready={status}" + (reason is null ? "" : $" ({reason})"), timeout);
        return ready!;
    }
}
