using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.EndToEnd;

/// <summary>What `kubectl describe gapp` shows on-call: Events with commit SHAs.</summary>
public sealed class EventScenarioTests(E2EFixture fx) : IClassFixture<E2EFixture>
{
    private KubernetesApi Kube => fx.Cluster.Client;

    [Fact]
    public async Task Sync_ThatEndsAtOnce_RecordsOneSucceededEventWithTheSha_AndDriftRecordsDriftDetected()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-events");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["app/cm.yaml"] = TestManifests.ConfigMap("settings", "one") });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "app", repo.Url, "app"), default);
        var sha = await repo.HeadAsync();
        await fx.WaitForSyncAsync(ns, "app", "Synced", sha);

        await fx.Cluster.WaitAsync(async () => (await AppStatus.EventsAsync(fx.Cluster, ns, "app")).Any(e => e.GetStringAt("reason") == "SyncSucceeded"), "a SyncSucceeded event");
        var events = await AppStatus.EventsAsync(fx.Cluster, ns, "app");
        // One ConfigMap syncs within one reconcile: SyncSucceeded alone tells it (SyncStarted is for syncs that wait).
        Assert.DoesNotContain(events, e => e.GetStringAt("reason") == "SyncStarted");
        Assert.Contains(events, e => e.GetStringAt("reason") == "SyncSucceeded" && e.GetStringAt("message")!.Contains(sha, StringComparison.Ordinal)
            && e.GetStringAt("type") == "Normal");

        // Steady state records nothing new: polls every 2s must not repeat the sync events.
        var count = (await AppStatus.EventsAsync(fx.Cluster, ns, "app")).Count;
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal(count, (await AppStatus.EventsAsync(fx.Cluster, ns, "app")).Count);

        await Kube.PatchAsync("v1", "ConfigMap", ns, "settings", JsonNode.Parse("""{"data":{"value":"changed by hand"}}""")!, PatchType.Merge, default);
        await fx.Cluster.WaitAsync(async () => (await AppStatus.EventsAsync(fx.Cluster, ns, "app")).Any(e => e.GetStringAt("reason") == "DriftDetected"), "a DriftDetected event");
        var drift = (await AppStatus.EventsAsync(fx.Cluster, ns, "app")).First(e => e.GetStringAt("reason") == "DriftDetected");
        Assert.Contains(sha[..7], drift.GetStringAt("message"), StringComparison.Ordinal);
        Assert.Contains("settings", drift.GetStringAt("message"), StringComparison.Ordinal);
    }
}
