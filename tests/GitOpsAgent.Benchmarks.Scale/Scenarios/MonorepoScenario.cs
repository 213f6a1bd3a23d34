using System.Diagnostics;
using GitOpsAgent.Benchmarks.Scale.Infrastructure;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Benchmarks.Scale.Scenarios;

/// <summary>
/// N Applications on one repository (one path and one ConfigMap each), webhook-driven: each commit changes one
/// Application's file. Renders per commit (the controller's render cache misses), applies per commit, and
/// commit-to-applied latency of the changed Application.
/// </summary>
public static class MonorepoScenario
{
    private const string Secret = "scale-webhook-secret";
    private const string Namespace = "monorepo";

    public static async Task<ScenarioReport> RunAsync(ScenarioArgs args)
    {
        var apps = args.Int("apps", 1000);
        var commits = args.Int("commits", 20);
        var qps = args.Double("qps", 1000);
        var report = new ScenarioReport("monorepo");
        report.Json["parameters"] = $"apps={apps} (one repository, one path and one ConfigMap each) commits={commits} (each changes one Application's file, then a signed GitHub push webhook) interval=30m kubeQps={qps}";

        await using var git = await GitTestServer.StartAsync();
        await using var cluster = await BenchCluster.StartAsync();
        var names = Enumerable.Range(0, apps).Select(a => $"app-{a:D4}").ToList();
        var repo = await git.CreateRepositoryAsync("monorepo", names.ToDictionary(n => $"apps/{n}/cm.yaml", n => Manifests.ConfigMap(n, "initial"), StringComparer.Ordinal));
        await cluster.CreateNamespaceAsync(Namespace);
        foreach (var name in names)
        {
            await cluster.Client.CreateAsync(Manifests.Application(Namespace, name, repo.Url, $"apps/{name}", "30m"), default);
        }

        await cluster.StartControllerAsync(o =>
        {
            o.WebhookGitHubSecret = Secret;
            o.KubeQps = qps;
            o.KubeBurst = Math.Max(100, (int)qps * 2);
        });
        using var webhook = new GitHubWebhook(cluster.ControllerAddress, Secret);
        var head = await repo.HeadAsync();
        var cold = Stopwatch.StartNew();
        if (!await BenchCluster.WaitAsync(() => AllAt(cluster, names, head), TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(200)))
        {
            throw new TimeoutException($"not all {apps} Applications were Synced at {head} within 10 minutes");
        }

        Console.WriteLine($"all {apps} Applications Synced after {cold.Elapsed.TotalSeconds:0} s");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var rendersBefore = await RendersAsync(cluster);
        var appliesBefore = cluster.Server.Requests.Count("apply");
        var gitBefore = GitProcessCount.Read(cluster.GitProcesses);
        var toApplied = new List<double>();
        var toAllAtRevision = new List<double>();
        for (var i = 1; i <= commits; i++)
        {
            var name = names[Random.Shared.Next(apps)];
            var value = $"commit-{i}";
            repo.WriteFile($"apps/{name}/cm.yaml", Manifests.ConfigMap(name, value));
            var sha = await repo.CommitAsync(value);
            var stopwatch = Stopwatch.StartNew();
            await webhook.PushAsync(repo.Url, sha);
            if (!await BenchCluster.WaitAsync(() => cluster.Server.Store.Get("v1", "ConfigMap", Namespace, name)?.GetStringAt("data", "value") == value, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(5)))
            {
                throw new TimeoutException($"{name} did not get {value} within 60 s");
            }

            toApplied.Add(stopwatch.Elapsed.TotalMilliseconds);
            if (!await BenchCluster.WaitAsync(() => AllAt(cluster, names, sha), TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(50)))
            {
                throw new TimeoutException($"not all Applications reached {sha} within 120 s");
            }

            toAllAtRevision.Add(stopwatch.Elapsed.TotalMilliseconds);
            Console.WriteLine($"commit {i} ({name}): applied after {toApplied[^1]:0} ms, all {apps} at the commit after {toAllAtRevision[^1]:0} ms");
        }

        var renders = await RendersAsync(cluster) - rendersBefore;
        var applies = cluster.Server.Requests.Count("apply") - appliesBefore;
        var gitAfter = GitProcessCount.Read(cluster.GitProcesses) - gitBefore;
        report.Table(
            $"{commits} commits, each changing one of {apps} Applications on one repository",
            ["measure", "value"],
            [
                ["renders per commit", (double)renders / commits],
                ["apply requests per commit (dry-run and apply)", (double)applies / commits],
                ["git processes per commit", (double)gitAfter.Started / commits],
                ["  ls-remote per commit", (double)gitAfter.LsRemote / commits],
                ["  fetch per commit", (double)gitAfter.Fetch / commits],
            ]);
        report.Table(
            "Commit to applied via webhook",
            Percentiles.Columns,
            [
                Percentiles.Row("the changed Application's ConfigMap holds the new value", toApplied),
                Percentiles.Row($"all {apps} Applications' status at the new commit", toAllAtRevision),
            ]);
        return report;
    }

    private static bool AllAt(BenchCluster cluster, List<string> names, string sha) =>
        names.All(n => cluster.Application(Namespace, n) is { } app && BenchCluster.SyncStatus(app) == "Synced" && BenchCluster.SyncRevision(app) == sha);

    private static async Task<double> RendersAsync(BenchCluster cluster)
    {
        using var http = new HttpClient { BaseAddress = cluster.ControllerAddress, Timeout = TimeSpan.FromSeconds(30) };
        var text = await http.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(line => line.StartsWith("gitopsagent_render_cache_misses_total", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
