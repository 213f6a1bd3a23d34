using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.EndToEnd;

/// <summary>
/// Applications whose chart comes from a chart repository (a static server over `helm package` + `helm repo index`)
/// or an OCI registry (docker-registry, `helm push`), with values from the Git source, and a chart in Git whose
/// dependency is not vendored: the real controller and the real helm.
/// </summary>
public sealed class ChartSourceScenarioTests(E2EFixture fx) : IClassFixture<E2EFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("e2e-charts");

    private KubernetesApi Kube => fx.Cluster.Client;

    public void Dispose() => _temp.Dispose();

    private static HelmCli RequireHelm()
    {
        var helm = HelmCli.Find();
        if (helm is null || ProcessRunner.Find("helm") is null)
        {
            Assert.Skip("helm is not on PATH (eng/test.sh puts .tools/bin there; eng/install-helm.sh fetches it)");
        }

        return helm!;
    }

    [Fact]
    public async Task ChartRepositoryWithValuesFromGit_SyncsTheNewestMatch_UpgradesOnPublish_FollowsValues_AndAMissingRangeIsAClearCondition()
    {
        var helm = RequireHelm();
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-chartrepo");
        await using var charts = await ChartRepositoryServer.StartAsync(Path.Combine(_temp.Path, "served"));
        await charts.PublishAsync(helm, HelmCli.WriteChart(Path.Combine(_temp.Path, "v100"), "web", "1.0.0"));
        await charts.PublishAsync(helm, HelmCli.WriteChart(Path.Combine(_temp.Path, "v200"), "web", "2.0.0"));
        var values = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["web/prod.yaml"] = "value: from-git\n" });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);

        var app = ChartApplication(ns, "web", charts.Url, "1.x");
        app["spec"]!["source"]!["helm"] = new JsonObject { ["valuesFiles"] = new JsonArray("$values/web/prod.yaml") };
        app["spec"]!["valuesSource"] = new JsonObject { ["repoURL"] = fx.Git.Url(ns), ["targetRevision"] = "main" };
        await Kube.CreateAsync(app, default);

        await WaitForConfigMapAsync(ns, "web-web", "1.0.0", "from-git");
        var status = (await fx.GetApplicationAsync(ns, "web"))!;
        var revision = status!.GetStringAt("status", "lastAppliedRevision")!;
        Assert.Matches(@"^1\.0\.0@sha256:[0-9a-f]{64};values:[0-9a-f]{40}$", revision);
        Assert.Equal(await values.HeadAsync(), status!.GetStringAt("status", "valuesRevision"));
        Assert.StartsWith("chart web 1.0.0, values ", status.GetArrayAt("status", "history")!.OfType<JsonObject>().Last().GetStringAt("subject"), StringComparison.Ordinal);
        await fx.Cluster.WaitAsync(async () => AppStatus.HasCondition(await fx.GetApplicationAsync(ns, "web"), "Ready", "True"), "web to be Ready");

        // A new version within the range is picked up at the next poll, like a new commit.
        await charts.PublishAsync(helm, HelmCli.WriteChart(Path.Combine(_temp.Path, "v110"), "web", "1.1.0"));
        await WaitForConfigMapAsync(ns, "web-web", "1.1.0", "from-git");

        // A values commit alone is a new revision: synced.
        values.WriteFile("web/prod.yaml", "value: from-git-2\n");
        await values.CommitAsync("raise the value");
        await WaitForConfigMapAsync(ns, "web-web", "1.1.0", "from-git-2");

        // A range nothing matches: a clear condition, and what runs stays.
        await Kube.PatchAsync("gitopsagent.io/v1alpha1", "Application", ns, "web",
            new JsonObject { ["spec"] = new JsonObject { ["source"] = new JsonObject { ["targetRevision"] = "3.x" } } }, PatchType.Merge, default);
        await fx.Cluster.WaitAsync(async () => AppStatus.HasCondition(await fx.GetApplicationAsync(ns, "web"), "Ready", "False", "NoMatchingVersion"), "a NoMatchingVersion condition");
        var ready = AppStatus.Condition(await fx.GetApplicationAsync(ns, "web"), "Ready");
        Assert.NotNull(ready);
        Assert.Equal($"no version of chart \"web\" in {charts.Url} matches \"3.x\"; the newest are 2.0.0, 1.1.0, 1.0.0", ready.GetStringAt("message"));
        Assert.Equal("1.1.0", (await Kube.GetAsync("v1", "ConfigMap", ns, "web-web", default))!.GetStringAt("data", "version"));
        Assert.Contains(await AppStatus.EventsAsync(fx.Cluster, ns, "web"), e => e.GetStringAt("reason") == "NoMatchingVersion" && e.GetStringAt("type") == "Warning");
    }

    [Fact]
    public async Task OciChart_SyncsAtTheResolvedVersion_AndUpgradesWhenANewTagIsPushed()
    {
        var helm = RequireHelm();
        if (OciRegistry.Executable() is null)
        {
            Assert.Skip(OciRegistry.SkipReason);
        }

        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-oci");
        await using var registry = await OciRegistry.StartAsync();
        await helm.PushAsync(await helm.PackageAsync(HelmCli.WriteChart(Path.Combine(_temp.Path, "o100"), "api", "0.1.0"), Path.Combine(_temp.Path, "out")), registry.ChartsUrl, registry.CaFile);
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);

        await Kube.CreateAsync(ChartApplication(ns, "api", registry.ChartsUrl, "~0.1.0"), default);
        await WaitForConfigMapAsync(ns, "api-api", "0.1.0", "from-chart");
        await fx.Cluster.WaitAsync(async () => AppStatus.HasCondition(await fx.GetApplicationAsync(ns, "api"), "Ready", "True"), "api to be Ready");
        Assert.StartsWith("0.1.0@sha256:", (await fx.GetApplicationAsync(ns, "api"))!.GetStringAt("status", "sync", "revision"), StringComparison.Ordinal);

        await helm.PushAsync(await helm.PackageAsync(HelmCli.WriteChart(Path.Combine(_temp.Path, "o101"), "api", "0.1.1"), Path.Combine(_temp.Path, "out")), registry.ChartsUrl, registry.CaFile);
        await WaitForConfigMapAsync(ns, "api-api", "0.1.1", "from-chart");
    }

    [Fact]
    public async Task ChartInGitWithAnUnvendoredDependency_RendersTheDependencyFromItsRepository()
    {
        var helm = RequireHelm();
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-chartdeps");
        await using var charts = await ChartRepositoryServer.StartAsync(Path.Combine(_temp.Path, "deps"));
        await charts.PublishAsync(helm, HelmCli.WriteChart(Path.Combine(_temp.Path, "lib"), "common", "1.2.0", "from-dependency"));
        var app = Path.Combine(_temp.Path, "git");
        HelmCli.WriteChart(app, "shop", "0.1.0", dependencies: $"  - name: common\n    version: \"1.x\"\n    repository: {charts.Url}\n");
        var files = Directory.EnumerateFiles(Path.Combine(app, "shop"), "*", SearchOption.AllDirectories)
            .ToDictionary(f => "shop/" + Path.GetRelativePath(Path.Combine(app, "shop"), f), File.ReadAllText);
        await fx.Git.CreateRepositoryAsync(ns, files);
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);

        await Kube.CreateAsync(TestManifests.Application(ns, "shop", fx.Git.Url(ns), "shop"), default);

        await WaitForConfigMapAsync(ns, "shop-common", "1.2.0", "from-dependency");
        Assert.NotNull(await Kube.GetAsync("v1", "ConfigMap", ns, "shop-shop", default));
    }

    private static JsonObject ChartApplication(string ns, string name, string repoUrl, string range) => new()
    {
        ["apiVersion"] = "gitopsagent.io/v1alpha1",
        ["kind"] = "Application",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["source"] = new JsonObject { ["repoURL"] = repoUrl, ["chart"] = name, ["targetRevision"] = range },
            ["destination"] = new JsonObject { ["namespace"] = ns },
            ["syncPolicy"] = new JsonObject { ["interval"] = "2s", ["automated"] = new JsonObject { ["prune"] = true, ["selfHeal"] = true } },
        },
    };

    private Task WaitForConfigMapAsync(string ns, string name, string version, string value) =>
        fx.Cluster.WaitAsync(async () => await Kube.GetAsync("v1", "ConfigMap", ns, name, default) is { } cm
            && cm.GetStringAt("data", "version") == version && cm.GetStringAt("data", "value") == value,
            $"ConfigMap {name} at chart {version} with value {value}", TimeSpan.FromSeconds(90));
}
