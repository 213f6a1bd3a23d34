using System.Diagnostics;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.TestApiServer.Diagnostics;

namespace GitOpsAgent.EndToEnd;

/// <summary>API Priority and Fairness sheds load with 429 and Retry-After: the controller slows down, the sync still succeeds.</summary>
public sealed class ThrottlingScenarioTests(E2EFixture fx) : IClassFixture<E2EFixture>
{
    [Fact]
    public async Task TooManyRequestsWithRetryAfter_SlowsTheSyncDown_AndTheSyncSucceedsWithoutAFailure()
    {
        var server = fx.Cluster.Server!;
        if (fx.Cluster.Server is null)
        {
            Assert.Skip("fault injection needs the in-process test API server; a real cluster cannot be told to answer 429");
        }

        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-throttled");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string>
        {
            ["app/a.yaml"] = TestManifests.ConfigMap("a", "1"),
            ["app/b.yaml"] = TestManifests.ConfigMap("b", "2"),
            ["app/c.yaml"] = TestManifests.ConfigMap("c", "3"),
        });
        var sha = await repo.HeadAsync();
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        // Three answers of "429, retry after 1 s" to this namespace's ConfigMap applies (dry runs included): 3 s of holding.
        server.Faults.Add(new Fault { Verb = "apply", Resource = "configmaps", Path = $"/namespaces/{ns}/", StatusCode = 429, RetryAfterSeconds = 1, Times = 3 });
        var clock = Stopwatch.StartNew();

        await fx.Cluster.Client.CreateAsync(TestManifests.Application(ns, "app", repo.Url, "app"), default);
        await fx.WaitForSyncAsync(ns, "app", "Synced", sha);

        Assert.Equal(0, server.Faults.Pending);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(3), $"synced after {clock.Elapsed}: the Retry-After answers were not waited out");
        var app = (await fx.GetApplicationAsync(ns, "app"))!;
        Assert.Equal("Succeeded", app.GetStringAt("status", "operationState", "phase"));
        var ready = app.GetArrayAt("status", "conditions")!.OfType<System.Text.Json.Nodes.JsonObject>().Single(c => c.GetStringAt("type") == "Ready");
        Assert.Equal(("True", "Succeeded"), (ready.GetStringAt("status"), ready.GetStringAt("reason")));
        var events = await AppStatus.EventsAsync(fx.Cluster, ns, "app");
        Assert.DoesNotContain(events, e => e.GetStringAt("type") == "Warning");
        Assert.Equal(["a", "b", "c"], (await Task.WhenAll(new[] { "a", "b", "c" }.Select(n => fx.Cluster.Client.GetAsync("v1", "ConfigMap", ns, n, default))))
            .Select(cm => cm!.GetName()).Order());
    }
}
