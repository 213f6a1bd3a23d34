using System.Diagnostics;
using GitOpsAgent.Benchmarks.Scale.Infrastructure;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Benchmarks.Scale.Scenarios;

/// <summary>
/// Commit-to-applied latency: a commit changes a ConfigMap's value; the clock runs from the commit until the test
/// API server holds the new value. Through a signed GitHub push webhook, and through polling alone.
/// </summary>
public static class LatencyScenario
{
    private const string Secret = "scale-webhook-secret";

    public static async Task<ScenarioReport> RunAsync(ScenarioArgs args)
    {
        var webhookCommits = args.Int("webhook-commits", 20);
        var pollCommits = args.Int("poll-commits", 10);
        var interval = TimeSpan.FromSeconds(args.Double("poll-interval", 10));
        var busyCommits = args.Int("busy-commits", 3);
        var busyEvery = TimeSpan.FromSeconds(args.Double("busy-every", 3));
        var report = new ScenarioReport("latency");
        report.Json["parameters"] = $"webhookCommits={webhookCommits} pollCommits={pollCommits} pollInterval={interval.TotalSeconds}s busyCommits={busyCommits} busyEvery={busyEvery.TotalSeconds}s";

        await using var git = await GitTestServer.StartAsync();
        await using var cluster = await BenchCluster.StartAsync();
        await cluster.StartControllerAsync(o => o.WebhookGitHubSecret = Secret);
        using var webhook = new GitHubWebhook(cluster.ControllerAddress, Secret);

        var webhookRepo = await StartApplicationAsync(cluster, git, "latency-webhook", "30m");
        var byWebhook = new List<double>();
        var toStatus = new List<double>();
        for (var i = 1; i <= webhookCommits; i++)
        {
            var value = $"webhook-{i}";
            webhookRepo.WriteFile("app/cm.yaml", Manifests.ConfigMap("latency", value));
            var sha = await webhookRepo.CommitAsync(value);
            var stopwatch = Stopwatch.StartNew();
            await webhook.PushAsync(webhookRepo.Url, sha);
            await WaitForValueAsync(cluster, "latency-webhook", value, TimeSpan.FromSeconds(60));
            byWebhook.Add(stopwatch.Elapsed.TotalMilliseconds);
            await WaitForRevisionAsync(cluster, "latency-webhook", sha);
            toStatus.Add(stopwatch.Elapsed.TotalMilliseconds);
            Console.WriteLine($"webhook commit {i}: applied after {byWebhook[^1]:0} ms, status Synced at it after {toStatus[^1]:0} ms");
        }

        var pollRepo = await StartApplicationAsync(cluster, git, "latency-poll", $"{interval.TotalSeconds:0}s");
        var byPoll = new List<double>();
        for (var i = 1; i <= pollCommits; i++)
        {
            // A commit at a random moment of the poll cycle, as a person's push would be.
            await Task.Delay(TimeSpan.FromSeconds(Random.Shared.NextDouble() * interval.TotalSeconds));
            var value = $"poll-{i}";
            pollRepo.WriteFile("app/cm.yaml", Manifests.ConfigMap("latency", value));
            await pollRepo.CommitAsync(value);
            var stopwatch = Stopwatch.StartNew();
            await WaitForValueAsync(cluster, "latency-poll", value, interval * 4);
            byPoll.Add(stopwatch.Elapsed.TotalMilliseconds);
            Console.WriteLine($"poll commit {i}: applied after {byPoll[^1]:0} ms");
        }

        // Polling while another writer touches a managed object (an annotation Git does not set: not drift) more often
        // than the interval, as an HPA, a sidecar injector or a status-writing controller does.
        var busyRepo = await StartApplicationAsync(cluster, git, "latency-busy", $"{interval.TotalSeconds:0}s");
        using var stopTouching = new CancellationTokenSource();
        var touches = TouchAsync(cluster, "latency-busy", busyEvery, stopTouching.Token);
        var byBusyPoll = new List<double>();
        var missed = 0;
        for (var i = 1; i <= busyCommits; i++)
        {
            var value = $"busy-{i}";
            busyRepo.WriteFile("app/cm.yaml", Manifests.ConfigMap("latency", value));
            await busyRepo.CommitAsync(value);
            var stopwatch = Stopwatch.StartNew();
            try
            {
                await WaitForValueAsync(cluster, "latency-busy", value, interval * 4);
                byBusyPoll.Add(stopwatch.Elapsed.TotalMilliseconds);
                Console.WriteLine($"busy poll commit {i}: applied after {byBusyPoll[^1]:0} ms");
            }
            catch (TimeoutException)
            {
                missed++;
                Console.WriteLine($"busy poll commit {i}: NOT applied within {(interval * 4).TotalSeconds:0} s (4 intervals)");
            }
        }

        await stopTouching.CancelAsync();
        await touches;

        report.Table(
            "Commit to applied (the ConfigMap holds the new value in the API server)",
            Percentiles.Columns,
            [
                Percentiles.Row("webhook (GitHub push, signed)", byWebhook),
                Percentiles.Row("webhook, until status.sync shows the commit", toStatus),
                Percentiles.Row($"polling only (interval {interval.TotalSeconds:0}s)", byPoll),
                .. byBusyPoll.Count > 0 ? [Percentiles.Row($"polling, a managed object touched every {busyEvery.TotalSeconds:0}s", byBusyPoll)] : Array.Empty<IReadOnlyList<object?>>(),
            ]);
        report.Note($"Polling while a managed object is touched every {busyEvery.TotalSeconds:0} s: {missed} of {busyCommits} commits were not applied within 4 intervals ({(interval * 4).TotalSeconds:0} s).");
        report.Json["busyPollMissed"] = missed;
        return report;
    }

    /// <summary>Sets an annotation on the managed ConfigMap (field manager "other-writer") every <paramref name="every"/>.</summary>
    private static async Task TouchAsync(BenchCluster cluster, string ns, TimeSpan every, CancellationToken ct)
    {
        for (var n = 0; !ct.IsCancellationRequested; n++)
        {
            var patch = new System.Text.Json.Nodes.JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["name"] = "latency",
                    ["namespace"] = ns,
                    ["annotations"] = new System.Text.Json.Nodes.JsonObject { ["example.com/heartbeat"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                },
            };
            await cluster.Client.ApplyAsync(patch, new Kubernetes.ApplyOptions("other-writer"), default);
            try
            {
                await Task.Delay(every, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>A repository with one ConfigMap and an automated Application of it in its own namespace, Synced.</summary>
    private static async Task<GitTestRepository> StartApplicationAsync(BenchCluster cluster, GitTestServer git, string ns, string interval)
    {
        var repo = await git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["app/cm.yaml"] = Manifests.ConfigMap("latency", "initial") });
        await cluster.CreateNamespaceAsync(ns);
        await cluster.Client.CreateAsync(Manifests.Application(ns, "app", repo.Url, "app", interval), default);
        await WaitForValueAsync(cluster, ns, "initial", TimeSpan.FromSeconds(120));
        await WaitForRevisionAsync(cluster, ns, await repo.HeadAsync());
        return repo;
    }

    private static async Task WaitForValueAsync(BenchCluster cluster, string ns, string value, TimeSpan timeout)
    {
        if (!await BenchCluster.WaitAsync(() => cluster.Server.Store.Get("v1", "ConfigMap", ns, "latency")?.GetStringAt("data", "value") == value, timeout, TimeSpan.FromMilliseconds(5)))
        {
            throw new TimeoutException($"ConfigMap {ns}/latency did not get value {value} within {timeout.TotalSeconds:0} s");
        }
    }

    private static async Task WaitForRevisionAsync(BenchCluster cluster, string ns, string sha)
    {
        if (!await BenchCluster.WaitAsync(() => BenchCluster.SyncStatus(cluster.Application(ns, "app")) == "Synced" && BenchCluster.SyncRevision(cluster.Application(ns, "app")) == sha, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(5)))
        {
            throw new TimeoutException($"Application {ns}/app was not Synced at {sha} within 60 s");
        }
    }
}
