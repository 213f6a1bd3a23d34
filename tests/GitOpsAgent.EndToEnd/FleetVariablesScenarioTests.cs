using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.EndToEnd;

/// <summary>One repository for many clusters: the controller's cluster name picks its folder, substitution fills in the rest.</summary>
public sealed class FleetVariablesScenarioTests(E2EFixture fx) : IClassFixture<E2EFixture>
{
    private KubernetesApi Kube => fx.Cluster.Client;

    private const string Settings = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          cluster: ${cluster.name}
          region: ${cluster.labels.region}
          database: ${db_host}
          tier: ${tier}
          script: echo $${HOME}
        """;

    [Fact]
    public async Task ControllerNamedEast_RendersItsClusterFolder_WithSubstitutionFromAConfigMap_AndAnUndefinedVariableStopsWithoutPruning()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-fleet");
        var secretValue = "token-" + Guid.NewGuid().ToString("N");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string>
        {
            ["clusters/east/apps/settings.yaml"] = Settings,
            ["clusters/east/apps/extra.yaml"] = TestManifests.ConfigMap("extra", "kept"),
            ["clusters/west/apps/settings.yaml"] = TestManifests.ConfigMap("west-only", "wrong cluster"),
        });
        await Kube.CreateAsync(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "fleet-vars", ["namespace"] = ns },
            ["data"] = new JsonObject { ["db_host"] = "db.east.internal", ["tier"] = "from-configmap" },
        }, default);
        await Kube.CreateAsync(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = "fleet-secrets", ["namespace"] = ns },
            ["data"] = new JsonObject { ["api_token"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(secretValue)) },
        }, default);
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns, o =>
        {
            o.Workers = 2;
            o.ClusterName = "east";
            o.ClusterLabels = new Dictionary<string, string> { ["region"] = "eu-west" };
        }, captureLogs: true);

        var app = TestManifests.Application(ns, "fleet", fx.Git.Url(ns), "clusters/${cluster.name}/apps");
        app["spec"]!["substitute"] = new JsonObject { ["tier"] = "prod" };
        app["spec"]!["substituteFrom"] = new JsonArray(
            new JsonObject { ["kind"] = "ConfigMap", ["name"] = "fleet-vars" },
            new JsonObject { ["kind"] = "Secret", ["name"] = "fleet-secrets" },
            new JsonObject { ["kind"] = "ConfigMap", ["name"] = "not-there", ["optional"] = true });
        await Kube.CreateAsync(app, default);
        await fx.WaitForSyncAsync(ns, "fleet", "Synced");

        var settings = (await Kube.GetAsync("v1", "ConfigMap", ns, "settings", default))!;
        string[] keys = ["cluster", "region", "database", "tier", "script"];
        Assert.Equal(["east", "eu-west", "db.east.internal", "prod", "echo ${HOME}"], keys.Select(k => settings.GetStringAt("data", k)));
        Assert.NotNull(await Kube.GetAsync("v1", "ConfigMap", ns, "extra", default));
        Assert.Null(await Kube.GetAsync("v1", "ConfigMap", ns, "west-only", default));
        Assert.Contains((await controller.ScrapeAsync()).Split('\n'), line => line.StartsWith("gitopsagent_app_info{", StringComparison.Ordinal)
            && line.Contains($"namespace=\"{ns}\"", StringComparison.Ordinal) && line.Contains("cluster=\"east\"", StringComparison.Ordinal));

        // A commit that names an undefined variable on line 4 and drops extra.yaml: the render fails, nothing is pruned.
        repo.WriteFile("clusters/east/apps/settings.yaml", Settings.Replace("  cluster: ${cluster.name}", "  cluster: ${cluster.name}\n  token: ${api_token}\n  zone: ${cluster.labels.zone}", StringComparison.Ordinal));
        repo.DeleteFile("clusters/east/apps/extra.yaml");
        await repo.CommitAsync("use an undefined variable");
        await fx.Cluster.WaitAsync(async () => AppStatus.HasCondition(await fx.GetApplicationAsync(ns, "fleet"), "Ready", "False", "SubstitutionFailed"),
            "a SubstitutionFailed condition");

        var failed = await fx.GetApplicationAsync(ns, "fleet");
        var message = AppStatus.Condition(failed, "Ready")!.GetStringAt("message")!;
        Assert.Contains("clusters/east/apps/settings.yaml:8: variable \"cluster.labels.zone\" is not defined", message);
        Assert.True(AppStatus.HasCondition(failed, "Stalled", "True", "SubstitutionFailed"), await fx.DescribeAsync(ns, "fleet"));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal("kept", (await Kube.GetAsync("v1", "ConfigMap", ns, "extra", default))?.GetStringAt("data", "value"));
        Assert.Equal("east", (await Kube.GetAsync("v1", "ConfigMap", ns, "settings", default))?.GetStringAt("data", "cluster"));
        Assert.DoesNotContain(secretValue, failed!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(controller.Logs!.Lines, line => line.Contains(secretValue, StringComparison.Ordinal));
        foreach (var ev in await AppStatus.EventsAsync(fx.Cluster, ns, "fleet"))
        {
            Assert.DoesNotContain(secretValue, ev.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UndefinedClusterLabelInThePath_IsAnInvalidSpecNamingTheFieldAndTheVariable()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-fleet-spec");
        await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["clusters/east/apps/cm.yaml"] = TestManifests.ConfigMap("cm", "1") });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns, o => o.ClusterName = "east");

        await Kube.CreateAsync(TestManifests.Application(ns, "fleet", fx.Git.Url(ns), "clusters/${cluster.labels.region}/apps"), default);

        await fx.Cluster.WaitAsync(async () => AppStatus.HasCondition(await fx.GetApplicationAsync(ns, "fleet"), "Stalled", "True", "InvalidSpec"), "an InvalidSpec condition");
        var message = AppStatus.Condition(await fx.GetApplicationAsync(ns, "fleet"), "Ready")!.GetStringAt("message");
        Assert.StartsWith("spec.source.path: variable \"cluster.labels.region\" is not defined", message);
        Assert.Null(await Kube.GetAsync("v1", "ConfigMap", ns, "cm", default));
    }
}
