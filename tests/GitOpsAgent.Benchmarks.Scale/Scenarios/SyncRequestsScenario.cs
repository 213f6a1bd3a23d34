using GitOpsAgent.Benchmarks.Scale.Infrastructure;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Benchmarks.Scale.Scenarios;

/// <summary>
/// API requests per sync of an unchanged 50-object Application (target: no writes, no lists, no gets), under polls
/// and under webhook-forced refreshes; then the requests of one real change (one ConfigMap modified), by verb.
/// </summary>
public static class SyncRequestsScenario
{
    private const string Secret = "scale-webhook-secret";
    private const string Namespace = "sync-requests";

    public static async Task<ScenarioReport> RunAsync(ScenarioArgs args)
    {
        var window = TimeSpan.FromSeconds(args.Double("window", 20));
        var refreshes = args.Int("refreshes", 5);
        var report = new ScenarioReport("sync-requests");
        report.Json["parameters"] = $"objects=50 (48 ConfigMaps, 2 Deployments) applicationInterval=2s pollWindow={window.TotalSeconds}s webhookRefreshes={refreshes}";

        await using var git = await GitTestServer.StartAsync();
        await using var cluster = await BenchCluster.StartAsync();
        var repo = await git.CreateRepositoryAsync(Namespace, Manifests.AppFiles("app", "", 48, 2));
        await cluster.CreateNamespaceAsync(Namespace);
        await cluster.Client.CreateAsync(Manifests.Application(Namespace, "app", repo.Url, "app", "2s"), default);
        await cluster.StartControllerAsync(o =>
        {
            o.WebhookGitHubSecret = Secret;
            o.Interval = TimeSpan.FromSeconds(2);
        });
        using var webhook = new GitHubWebhook(cluster.ControllerAddress, Secret);
        var head = await repo.HeadAsync();
        if (!await BenchCluster.WaitAsync(() => IsSyncedAndHealthy(cluster, head), TimeSpan.FromSeconds(120)))
        {
            throw new TimeoutException("the 50-object Application was not Synced and Healthy within 120 s");
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        var rows = new List<IReadOnlyList<object?>>();

        // Polls: the Application's 2 s interval, nothing changed.
        var polls = await MeasureAsync(cluster, () => Task.Delay(window));
        rows.AddRange(polls.Rows($"polls, unchanged ({window.TotalSeconds:0} s)"));

        // Webhook pushes naming the same commit: each forgets the cached ls-remote and reconciles at once.
        var forced = await MeasureAsync(cluster, async () =>
        {
            for (var i = 0; i < refreshes; i++)
            {
                await webhook.PushAsync(repo.Url, head);
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        });
        rows.AddRange(forced.Rows($"{refreshes} webhook refreshes, unchanged"));

        // One real change: one ConfigMap's value, pushed with a webhook, until applied and reported.
        var change = await MeasureAsync(cluster, async () =>
        {
            repo.WriteFile("app/cm-0.yaml", Manifests.ConfigMap("cm-0", "changed"));
            var sha = await repo.CommitAsync("change one ConfigMap");
            await webhook.PushAsync(repo.Url, sha);
            if (!await BenchCluster.WaitAsync(() => IsSyncedAndHealthy(cluster, sha) && cluster.Server.Store.Get("v1", "ConfigMap", Namespace, "cm-0")?.GetStringAt("data", "value") == "changed", TimeSpan.FromSeconds(60)))
            {
                throw new TimeoutException("the change was not applied within 60 s");
            }

            // The status write and the watch events that follow the apply land within this.
            await Task.Delay(TimeSpan.FromSeconds(1));
        });
        rows.AddRange(change.Rows("one ConfigMap changed (webhook)"));

        report.Table(
            "API requests of a 50-object Application, by window, verb and resource (setup and observation cost no requests)",
            ["window", "reconciles", "git processes (ls-remote/fetch)", "verb resource", "requests", "per reconcile"],
            rows);
        report.Note($"Writes: polls {polls.Writes}, webhook refreshes {forced.Writes}, one change {change.Writes}.");
        return report;
    }

    private static bool IsSyncedAndHealthy(BenchCluster cluster, string sha)
    {
        var app = cluster.Application(Namespace, "app");
        return BenchCluster.SyncStatus(app) == "Synced" && BenchCluster.HealthStatus(app) == "Healthy" && BenchCluster.SyncRevision(app) == sha;
    }

    private static async Task<WindowResult> MeasureAsync(BenchCluster cluster, Func<Task> during)
    {
        var reconcilesBefore = await ReconcilesAsync(cluster);
        var git = GitProcessCount.Read(cluster.GitProcesses);
        var requests = RequestWindow.Start(cluster.Server.Requests);
        await during();
        var counted = requests.ByVerbAndResource();
        var reconciles = await ReconcilesAsync(cluster) - reconcilesBefore;
        return new WindowResult(counted, GitProcessCount.Read(cluster.GitProcesses) - git, (int)reconciles);
    }

    private static async Task<double> ReconcilesAsync(BenchCluster cluster) =>
        (await ControllerMetrics.SumByLabelAsync(cluster.ControllerAddress, "gitopsagent_app_reconcile_duration_seconds_count", "namespace")).GetValueOrDefault(Namespace);

    private sealed record WindowResult(IReadOnlyList<(string Verb, string Resource, int Count)> Requests, GitProcessCount Git, int Reconciles)
    {
        public int Writes => Requests.Where(r => RequestWindow.WriteVerbs.Contains(r.Verb)).Sum(r => r.Count);

        public IEnumerable<IReadOnlyList<object?>> Rows(string window)
        {
            var gitText = $"{Git.Started} ({Git.LsRemote}/{Git.Fetch})";
            var byResource = Requests;
            if (byResource.Count == 0)
            {
                yield return [window, Reconciles, gitText, "(none)", 0, 0.0];
                yield break;
            }

            foreach (var (verb, resource, count) in byResource)
            {
                yield return [window, Reconciles, gitText, $"{verb} {resource}", count, Reconciles == 0 ? null : (double)count / Reconciles];
            }
        }
    }
}
