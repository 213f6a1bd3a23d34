using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.EndToEnd;

/// <summary>Objects that other objects of the same sync need first: a Namespace, a CRD.</summary>
public sealed class NamespaceAndCrdScenarioTests(E2EFixture fx) : IClassFixture<E2EFixture>
{
    private KubernetesApi Kube => fx.Cluster.Client;

    [Fact]
    public async Task NamespaceInGit_IsCreatedWithItsConfigMapsInOneSync()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-nsgit");
        var extra = ns + "-extra";
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string>
        {
            ["app/namespace.yaml"] = $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {extra}\n",
            ["app/a.yaml"] = $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: {extra}\ndata:\n  value: \"1\"\n",
            ["app/b.yaml"] = $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: {extra}\ndata:\n  value: \"2\"\n",
        });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "app", repo.Url, "app"), default);

        await fx.WaitForSyncAsync(ns, "app", "Synced", await repo.HeadAsync());

        var app = await fx.GetApplicationAsync(ns, "app");
        Assert.Equal("Succeeded", app?.GetStringAt("status", "operationState", "phase"));
        Assert.Equal(["Namespace", "ConfigMap", "ConfigMap"], AppStatus.OperationKinds(app));
        Assert.NotNull(await Kube.GetAsync("v1", "Namespace", null, extra, default));
        Assert.Equal("2", (await Kube.GetAsync("v1", "ConfigMap", extra, "b", default))?.GetStringAt("data", "value"));
        Assert.NotNull(await Kube.GetAsync("v1", "ConfigMap", extra, "a", default));
    }

    [Fact]
    public async Task CrdAndCustomResourceInOneApp_CrdIsEstablishedFirst_AndListMapOrderIsNotDrift()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-crd");
        var group = $"{ns}.e2e.example.com";
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string>
        {
            ["app/crd.yaml"] = WidgetCrd(group),
            ["app/widget.yaml"] = Widget(group, ("http", 80), ("https", 443)),
        });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "app", repo.Url, "app"), default);

        await fx.WaitForSyncAsync(ns, "app", "Synced", await repo.HeadAsync());
        var app = await fx.GetApplicationAsync(ns, "app");
        Assert.Equal(["CustomResourceDefinition", "Widget"], AppStatus.OperationKinds(app));
        var crd = await Kube.GetAsync("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, $"widgets.{group}", default);
        Assert.Contains((crd?.GetArrayAt("status", "conditions") ?? []).OfType<JsonObject>(), c => c.GetStringAt("type") == "Established" && c.GetStringAt("status") == "True");
        Assert.NotNull(await Kube.GetAsync($"{group}/v1", "Widget", ns, "w1", default));

        // Its operator writes status through the status subresource: not drift, no re-apply.
        await Kube.PatchAsync($"{group}/v1", "Widget", ns, "w1", JsonNode.Parse("""{"status":{"phase":"Ready"}}""")!, PatchType.Merge, default, subresource: "status");
        Assert.Equal("Ready", (await Kube.GetAsync($"{group}/v1", "Widget", ns, "w1", default))?.GetStringAt("status", "phase"));

        // The same items in another order: a list-map is compared by key, so this is no change.
        repo.WriteFile("app/widget.yaml", Widget(group, ("https", 443), ("http", 80)));
        var reordered = await repo.CommitAsync("reorder the ports");
        await fx.WaitForSyncAsync(ns, "app", "Synced", reordered);
        app = await fx.GetApplicationAsync(ns, "app");
        Assert.DoesNotContain(await AppStatus.EventsAsync(fx.Cluster, ns, "app"), e => e.GetStringAt("reason") == "DriftDetected");
        Assert.All((app?.GetArrayAt("status", "resources") ?? []).OfType<JsonObject>(), r => Assert.Equal("Synced", r.GetStringAt("status")));

        repo.WriteFile("app/widget.yaml", Widget(group, ("https", 8443), ("http", 80)));
        var changed = await repo.CommitAsync("change a port");
        await fx.WaitForSyncAsync(ns, "app", "Synced", changed);
        await fx.Cluster.WaitAsync(async () =>
        {
            var widget = await Kube.GetAsync($"{group}/v1", "Widget", ns, "w1", default);
            return (widget?.GetArrayAt("spec", "ports") ?? []).OfType<JsonObject>().Any(p => p.GetStringAt("name") == "https" && p.GetInt64At("port") == 8443);
        }, "the changed port to be applied");
    }

    [Fact]
    public async Task CustomResourceWithoutItsCrd_IsKindNotFoundAtOnce_AndSyncsOnceTheCrdIsInstalled()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-nocrd");
        var group = $"{ns}.e2e.example.com";
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string>
        {
            ["app/cm.yaml"] = TestManifests.ConfigMap("settings", "one"),
            ["app/widget.yaml"] = Widget(group, ("http", 80)),
        });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "app", repo.Url, "app"), default);

        // Well before a watch of the unknown kind would have given up (30s): the condition names the kind.
        await fx.Cluster.WaitAsync(async () => AppStatus.HasCondition(await fx.GetApplicationAsync(ns, "app"), "Ready", "False", "KindNotFound"),
            "Ready False with reason KindNotFound", TimeSpan.FromSeconds(fx.Cluster.IsRealCluster ? 60 : 15));
        Assert.Contains("Widget", AppStatus.Condition(await fx.GetApplicationAsync(ns, "app"), "Ready")!.GetStringAt("message"), StringComparison.Ordinal);

        var crd = (JsonObject)ManifestReader.Read(WidgetCrd(group), "crd.yaml").Single().Object;
        await Kube.ApplyAsync(crd, new ApplyOptions("platform-team", Force: true), default);
        await fx.WaitForSyncAsync(ns, "app", "Synced", await repo.HeadAsync(), TimeSpan.FromSeconds(60));
        Assert.NotNull(await Kube.GetAsync($"{group}/v1", "Widget", ns, "w1", default));
    }

    private static string WidgetCrd(string group) => $$"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.{{group}}
        spec:
          group: {{group}}
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
          versions:
            - name: v1
              served: true
              storage: true
              subresources:
                status: {}
              schema:
                openAPIV3Schema:
                  type: object
                  properties:
                    spec:
                      type: object
                      properties:
                        ports:
                          type: array
                          x-kubernetes-list-type: map
                          x-kubernetes-list-map-keys: [name]
                          items:
                            type: object
                            required: [name]
                            properties:
                              name: {type: string}
                              port: {type: integer}
                    status:
                      type: object
                      x-kubernetes-preserve-unknown-fields: true
        """;

    private static string Widget(string group, params (string Name, int Port)[] ports) =>
        $"apiVersion: {group}/v1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  ports:\n"
        + string.Concat(ports.Select(p => $"    - name: {p.Name}\n      port: {p.Port}\n"));
}
