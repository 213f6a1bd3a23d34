using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.EndToEnd;

/// <summary>spec.ignoreDifferences, and the documented apply phases.</summary>
public sealed class IgnoreDifferencesAndOrderScenarioTests(E2EFixture fx) : IClassFixture<E2EFixture>
{
    private KubernetesApi Kube => fx.Cluster.Client;

    [Fact]
    public async Task IgnoredReplicas_ScaledByHand_StaySynced_AndAreNotReverted()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-ignore");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string>
        {
            ["app/web.yaml"] = TestManifests.Deployment("web", 2),
            ["app/cm.yaml"] = TestManifests.ConfigMap("settings", "one"),
        });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        var app = TestManifests.Application(ns, "web", repo.Url, "app");
        app["spec"]!["ignoreDifferences"] = JsonNode.Parse("""[{"group": "apps", "kind": "Deployment", "jsonPointers": ["/spec/replicas"]}]""");
        await Kube.CreateAsync(app, default);
        await fx.WaitForSyncAsync(ns, "web", "Synced", await repo.HeadAsync());

        await Kube.PatchAsync("apps/v1", "Deployment", ns, "web", JsonNode.Parse("""{"spec":{"replicas":5}}""")!, PatchType.Merge, default);
        // A later commit makes the controller compare and sync again after the scale.
        repo.WriteFile("app/cm.yaml", TestManifests.ConfigMap("settings", "two"));
        var sha = await repo.CommitAsync("an unrelated change");
        await fx.WaitForSyncAsync(ns, "web", "Synced", sha);
        await fx.Cluster.WaitAsync(async () => (await Kube.GetAsync("v1", "ConfigMap", ns, "settings", default))?.GetStringAt("data", "value") == "two", "the unrelated change");

        // A few more polls (the Application polls every 2s): still Synced, still 5 replicas.
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            Assert.Equal(5, (await Kube.GetAsync("apps/v1", "Deployment", ns, "web", default))?.GetInt64At("spec", "replicas"));
            Assert.Equal("Synced", (await fx.GetApplicationAsync(ns, "web"))?.GetStringAt("status", "sync", "status"));
        }

        var events = await AppStatus.EventsAsync(fx.Cluster, ns, "web");
        Assert.DoesNotContain(events, e => e.GetStringAt("reason") == "DriftDetected");
    }

    [Fact]
    public async Task PlainApp_AppliesInWavesThenTheDocumentedPhases_WhateverTheFileOrder()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-order");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string>
        {
            // One file, listed in reverse of the apply order.
            ["app/all.yaml"] = string.Join("\n---\n",
                TestManifests.Deployment("web", 1),
                TestManifests.ConfigMap("a-late", "one").Replace("metadata:\n", "metadata:\n  annotations: {gitopsagent.io/sync-wave: \"5\"}\n", StringComparison.Ordinal),
                TestManifests.ConfigMap("z-early", "one").Replace("metadata:\n", "metadata:\n  annotations: {gitopsagent.io/sync-wave: \"-1\"}\n", StringComparison.Ordinal),
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: web}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: web}
                subjects: [{kind: ServiceAccount, name: web}]
                """,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: web}
                rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
                """,
                "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web}\n"),
        });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "app", repo.Url, "app"), default);
        await fx.WaitForSyncAsync(ns, "app", "Synced", await repo.HeadAsync());

        var app = (await fx.GetApplicationAsync(ns, "app"))!;
        // The sync wave orders across the whole Application (lower first), then the kind phases within a wave.
        Assert.Equal(["ConfigMap", "ServiceAccount", "Role", "RoleBinding", "Deployment", "ConfigMap"], AppStatus.OperationKinds(app));
        var configMaps = app.GetArrayAt("status", "operationState", "resources")!.OfType<JsonObject>().Where(r => r.GetStringAt("kind") == "ConfigMap").Select(r => r.GetStringAt("name")).ToList();
        Assert.Equal(["z-early", "a-late"], configMaps);
        Assert.All((app.GetArrayAt("status", "operationState", "resources") ?? []).OfType<JsonObject>(), r => Assert.Equal("Created", r.GetStringAt("result")));
    }
}
