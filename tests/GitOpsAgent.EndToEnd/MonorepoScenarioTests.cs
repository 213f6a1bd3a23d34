using System.Globalization;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;

namespace GitOpsAgent.EndToEnd;

/// <summary>Many Applications on one repository: a commit renders again only the Applications whose inputs it changes.</summary>
public sealed class MonorepoScenarioTests(E2EFixture fx) : IClassFixture<E2EFixture>
{
    [Fact]
    public async Task CommitTouchingOneApplicationsFiles_RendersOnlyThatOne_AndBothReachTheNewRevision()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-monorepo");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string>
        {
            ["apps/one/cm.yaml"] = TestManifests.ConfigMap("one", "1"),
            ["apps/two/cm.yaml"] = TestManifests.ConfigMap("two", "1"),
        });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await fx.Cluster.Client.CreateAsync(TestManifests.Application(ns, "one", repo.Url, "apps/one"), default);
        await fx.Cluster.Client.CreateAsync(TestManifests.Application(ns, "two", repo.Url, "apps/two"), default);
        var first = await repo.HeadAsync();
        await fx.WaitForSyncAsync(ns, "one", "Synced", first);
        await fx.WaitForSyncAsync(ns, "two", "Synced", first);
        var rendersBefore = RenderCacheMisses(await controller.ScrapeAsync());

        repo.WriteFile("apps/one/cm.yaml", TestManifests.ConfigMap("one", "2"));
        var second = await repo.CommitAsync("change one only");
        await fx.WaitForSyncAsync(ns, "one", "Synced", second);
        await fx.WaitForSyncAsync(ns, "two", "Synced", second);

        Assert.Equal(rendersBefore + 1, RenderCacheMisses(await controller.ScrapeAsync()));
        Assert.Equal("2", (await fx.Cluster.Client.GetAsync("v1", "ConfigMap", ns, "one", default))!.GetStringAt("data", "value"));
        Assert.Equal("1", (await fx.Cluster.Client.GetAsync("v1", "ConfigMap", ns, "two", default))!.GetStringAt("data", "value"));
    }

    /// <summary>Renders actually run (not answered by the render cache nor skipped for unchanged inputs).</summary>
    private static double RenderCacheMisses(string metrics) =>
        metrics.Split('\n')
            .Where(line => line.StartsWith("gitopsagent_render_cache_misses_total", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
