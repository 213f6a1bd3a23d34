using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.EndToEnd;

/// <summary>Workload health flows into the Application's status, its Ready condition and `kubectl wait`.</summary>
public sealed class HealthScenarioTests(E2EFixture fx) : IClassFixture<E2EFixture>
{
    private KubernetesApi Kube => fx.Cluster.Client;

    [Fact]
    public async Task HealthyDeployment_FlowsToStatus_AndKubectlWaitForReadySucceeds()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-health");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["app/web.yaml"] = TestManifests.Deployment("web", 1) });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "web", repo.Url, "app"), default);

        await fx.WaitForSyncAsync(ns, "web", "Synced", await repo.HeadAsync());
        await fx.Cluster.WaitAsync(async () => (await fx.GetApplicationAsync(ns, "web"))?.GetStringAt("status", "health", "status") == "Healthy", "Healthy");
        var app = await fx.GetApplicationAsync(ns, "web");
        var resource = (app!.GetArrayAt("status", "resources") ?? []).OfType<JsonObject>().Single(r => r.GetStringAt("kind") == "Deployment");
        Assert.Equal("Healthy", resource.GetStringAt("health", "status"));

        if (Kubectl.FindOnPath() is null)
        {
            Assert.Skip("kubectl is not on the PATH; the status assertions above ran");
        }

        using var cacheDir = new TempDirectory("gitops-e2e-kubectl");
        var (exit, stdout, stderr) = await new Kubectl(fx.Cluster.KubeconfigPath, cacheDir.Path).RunAsync("wait", "--for=condition=Ready", "gapp/web", "-n", ns, "--timeout=30s");
        var output = stdout + stderr;
        Assert.True(exit == 0, $"kubectl wait exited {exit}: {output}");
        Assert.Contains("condition met", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeploymentPastItsProgressDeadline_IsDegraded_AndReadyIsFalse()
    {
        var server = fx.Cluster.Server;
        if (server is null)
        {
            Assert.Skip("writes a Deployment status by hand; a real cluster's deployment controller would overwrite it");
        }

        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-degraded");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["app/web.yaml"] = TestManifests.Deployment("web", 2) });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "web", repo.Url, "app"), default);
        await fx.WaitForSyncAsync(ns, "web", "Synced", await repo.HeadAsync());
        await fx.Cluster.WaitAsync(async () => (await fx.GetApplicationAsync(ns, "web"))?.GetStringAt("status", "health", "status") == "Healthy", "Healthy");

        var generation = (await Kube.GetAsync("apps/v1", "Deployment", ns, "web", default))!.GetInt64At("metadata", "generation");
        server!.Store.SetStatus("apps/v1", "Deployment", ns, "web", JsonNode.Parse($$"""
            {"observedGeneration": {{generation}}, "replicas": 2, "updatedReplicas": 2, "readyReplicas": 0, "availableReplicas": 0, "unavailableReplicas": 2,
             "conditions": [
               {"type": "Available", "status": "False", "reason": "MinimumReplicasUnavailable", "message": "Deployment does not have minimum availability."},
               {"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded", "message": "ReplicaSet \"web-5d4f\" has timed out progressing."}]}
            """)!);

        await fx.Cluster.WaitAsync(async () => (await fx.GetApplicationAsync(ns, "web"))?.GetStringAt("status", "health", "status") == "Degraded", "Degraded");
        var app = await fx.GetApplicationAsync(ns, "web");
        Assert.Contains("timed out progressing", app!.GetStringAt("status", "health", "message") ?? "", StringComparison.Ordinal);
        await fx.Cluster.WaitAsync(async () => AppStatus.HasCondition(await fx.GetApplicationAsync(ns, "web"), "Ready", "False", "Degraded"), "Ready False with reason Degraded");
        var resource = (app!.GetArrayAt("status", "resources") ?? []).OfType<JsonObject>().Single(r => r.GetStringAt("kind") == "Deployment");
        Assert.Equal("Degraded", resource.GetStringAt("health", "status"));

        // The rollout recovers: so do health and Ready.
        server.Store.SetStatus("apps/v1", "Deployment", ns, "web", JsonNode.Parse($$"""
            {"observedGeneration": {{generation}}, "replicas": 2, "updatedReplicas": 2, "readyReplicas": 2, "availableReplicas": 2,
             "conditions": [
               {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable", "message": "Deployment has minimum availability."},
               {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable", "message": "ReplicaSet \"web-5d4f\" has successfully progressed."}]}
            """)!);
        await fx.Cluster.WaitAsync(async () => AppStatus.HasCondition(await fx.GetApplicationAsync(ns, "web"), "Ready", "True"), "Ready True after recovery");
        Assert.Equal("Healthy", (await fx.GetApplicationAsync(ns, "web"))?.GetStringAt("status", "health", "status"));
    }
}
