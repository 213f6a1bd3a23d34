using System.Diagnostics;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.EndToEnd;

/// <summary>
/// One Application cannot hurt another (issue 16): a hanging Git server delays only its own Applications, and an
/// object another Application tracks is neither taken over nor pruned by a second one.
/// </summary>
public sealed class IsolationScenarioTests(E2EFixture fx, ITestOutputHelper output) : IClassFixture<E2EFixture>
{
    [Fact]
    public async Task TenApplicationsOnAGitServerThatNeverAnswers_DelayOnlyThemselves()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-hung");
        using var hung = new HungServer();
        var healthy = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["app/cm.yaml"] = TestManifests.ConfigMap("healthy", "1") });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns, o => o.Workers = 8);
        for (var i = 0; i < 10; i++)
        {
            await fx.Cluster.Client.CreateAsync(TestManifests.Application(ns, $"hung-{i}", hung.Url($"repo-{i}.git"), "app"), default);
        }

        // Let the hung Applications take their workers first, as they would in a real fleet.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var clock = Stopwatch.StartNew();
        await fx.Cluster.Client.CreateAsync(TestManifests.Application(ns, "healthy", healthy.Url, "app"), default);

        await fx.WaitForSyncAsync(ns, "healthy", "Synced", await healthy.HeadAsync(), TimeSpan.FromSeconds(30));
        output.WriteLine($"the healthy Application synced {clock.Elapsed.TotalSeconds:0.0}s after it was created, beside 10 on a hung server");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the healthy Application waited {clock.Elapsed.TotalSeconds:0.0}s for the hung ones");

        // The hung ones say so, each with a retryable Git reason, and never more than one per server at a time hangs it.
        await fx.Cluster.WaitAsync(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                if (!AppStatus.HasCondition(await fx.GetApplicationAsync(ns, $"hung-{i}"), "Ready", "False", "GitUnavailable"))
                {
                    return false;
                }
            }

            return true;
        }, "all ten hung Applications to report GitUnavailable", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task ObjectTrackedByAnotherApplication_IsNeitherTakenOverNorPruned()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-shared");
        var first = await fx.Git.CreateRepositoryAsync(ns + "-a", new Dictionary<string, string> { ["app/shared.yaml"] = TestManifests.ConfigMap("shared", "from-a") });
        var second = await fx.Git.CreateRepositoryAsync(ns + "-b", new Dictionary<string, string>
        {
            ["app/shared.yaml"] = TestManifests.ConfigMap("shared", "from-b"),
            ["app/own.yaml"] = TestManifests.ConfigMap("own-b", "1"),
        });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await fx.Cluster.Client.CreateAsync(TestManifests.Application(ns, "a", first.Url, "app"), default);
        await fx.WaitForSyncAsync(ns, "a", "Synced", await first.HeadAsync());

        await fx.Cluster.Client.CreateAsync(TestManifests.Application(ns, "b", second.Url, "app"), default);

        await fx.Cluster.WaitAsync(async () => AppStatus.HasCondition(await fx.GetApplicationAsync(ns, "b"), "Ready", "False", "OwnedByAnotherApplication"),
            "b to refuse the object a tracks");
        var ready = AppStatus.Condition(await fx.GetApplicationAsync(ns, "b"), "Ready")!;
        Assert.Contains($"Application {ns}/a", ready.GetStringAt("message"), StringComparison.Ordinal);

        // Several polls later the object is still a's, unchanged, and nothing of b's revision was applied.
        await Task.Delay(TimeSpan.FromSeconds(6));
        var live = (await fx.Cluster.Client.GetAsync("v1", "ConfigMap", ns, "shared", default))!;
        Assert.Equal("from-a", live.GetStringAt("data", "value"));
        Assert.StartsWith($"{ns}/a:", live.GetAnnotation("gitopsagent.io/tracking-id"), StringComparison.Ordinal);
        Assert.Null(await fx.Cluster.Client.GetAsync("v1", "ConfigMap", ns, "own-b", default));

        // When a lets go of it (a prunes what it created), b takes its place.
        first.DeleteFile("app/shared.yaml");
        first.WriteFile("app/other.yaml", TestManifests.ConfigMap("other-a", "1"));
        await first.CommitAsync("a no longer deploys shared");
        await fx.WaitForSyncAsync(ns, "b", "Synced", await second.HeadAsync(), TimeSpan.FromSeconds(45));
        live = (await fx.Cluster.Client.GetAsync("v1", "ConfigMap", ns, "shared", default))!;
        Assert.Equal("from-b", live.GetStringAt("data", "value"));
        Assert.StartsWith($"{ns}/b:", live.GetAnnotation("gitopsagent.io/tracking-id"), StringComparison.Ordinal);
    }
}
