using System.Diagnostics;
using System.Text.Json.Nodes;
using GitOpsAgent.Benchmarks.Scale.Infrastructure;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Benchmarks.Scale.Scenarios;

/// <summary>
/// N Applications of one chart from one chart repository (a static HTTP server with per-path request counts, charts
/// made by the real helm), on the in-process test API server with the real controller: what the repository serves per
/// poll interval while nothing changes, and when a new version within the range is published.
/// </summary>
public static class ChartPollScenario
{
    private const string Chart = "web";

    public static async Task<ScenarioReport> RunAsync(ScenarioArgs args)
    {
        var apps = args.Int("apps", 200);
        var interval = TimeSpan.FromSeconds(args.Double("interval", 20));
        var cycles = args.Int("cycles", 3);
        var timeout = TimeSpan.FromSeconds(args.Double("timeout", 600));
        var report = new ScenarioReport("chart-poll");
        report.Json["parameters"] = $"apps={apps} chart={Chart} range=1.x interval={interval.TotalSeconds}s cycles={cycles} workers=8";

        var helm = HelmCli.Find() ?? throw new InvalidOperationException(HelmCli.SkipReason);
        var temp = Directory.CreateTempSubdirectory("gitops-scale-charts-").FullName;
        await using var charts = await ChartRepositoryServer.StartAsync(Path.Combine(temp, "served"));
        await charts.PublishAsync(helm, HelmCli.WriteChart(Path.Combine(temp, "v100"), Chart, "1.0.0"));
        await using var cluster = await BenchCluster.StartAsync();

        var keys = new List<(string Namespace, string Name)>();
        for (var a = 0; a < apps; a++)
        {
            var ns = $"charts-{a / 100:D2}";
            if (a % 100 == 0)
            {
                await cluster.CreateNamespaceAsync(ns);
            }

            var name = $"app-{a:D4}";
            await cluster.Client.CreateAsync(ChartApplication(ns, name, charts.Url, interval), default);
            keys.Add((ns, name));
        }

        Console.WriteLine($"setup: {apps} chart Applications on {charts.Url}; starting the controller");
        var stopwatch = Stopwatch.StartNew();
        await cluster.StartControllerAsync(o => o.KubeQps = 1000);
        bool AllAt(string version) => keys.All(k => BenchCluster.SyncStatus(cluster.Application(k.Namespace, k.Name)) == "Synced"
            && BenchCluster.SyncRevision(cluster.Application(k.Namespace, k.Name)).StartsWith(version + "@", StringComparison.Ordinal));
        if (!await BenchCluster.WaitAsync(() => AllAt("1.0.0"), timeout, TimeSpan.FromMilliseconds(500)))
        {
            throw new TimeoutException($"not every Application synced chart 1.0.0 within {timeout}");
        }

        var coldSeconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"all {apps} Synced at 1.0.0 after {coldSeconds:0.0} s; measuring {cycles} quiet intervals");

        var rows = new List<IReadOnlyList<object?>>();
        var indexBefore = charts.Requests("/index.yaml");
        var archiveBefore = charts.Requests("/web-1.0.0.tgz");
        for (var c = 1; c <= cycles; c++)
        {
            var index = charts.Requests("/index.yaml");
            await Task.Delay(interval);
            rows.Add([$"quiet interval {c}", charts.Requests("/index.yaml") - index, 0, apps]);
        }

        var quietIndex = charts.Requests("/index.yaml") - indexBefore;
        var quietArchives = charts.Requests("/web-1.0.0.tgz") - archiveBefore;

        // A new version within the range: every Application moves to it at its next poll.
        var published = Stopwatch.StartNew();
        var indexAtPublish = charts.Requests("/index.yaml");
        await charts.PublishAsync(helm, HelmCli.WriteChart(Path.Combine(temp, "v110"), Chart, "1.1.0"));
        if (!await BenchCluster.WaitAsync(() => AllAt("1.1.0"), interval * 3 + TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(200)))
        {
            throw new TimeoutException("not every Application moved to chart 1.1.0");
        }

        var upgradeSeconds = published.Elapsed.TotalSeconds;
        rows.Add(["interval with a new version published", charts.Requests("/index.yaml") - indexAtPublish, charts.Requests("/web-1.1.0.tgz"), apps]);

        report.Table(
            $"{apps} Applications on one chart repository, polled every {interval.TotalSeconds:0} s",
            ["window", "GET /index.yaml", "archive downloads", "Applications polling"],
            rows);
        report.Table(
            "Summary",
            ["measure", "value"],
            [
                ["cold start: all Synced at 1.0.0 (s)", coldSeconds],
                [$"GET /index.yaml per quiet interval (mean of {cycles})", (double)quietIndex / cycles],
                ["archive downloads of 1.0.0 while quiet", quietArchives],
                ["archive downloads of 1.1.0 for all Applications", charts.Requests("/web-1.1.0.tgz")],
                ["publish to all Applications at 1.1.0 (s)", upgradeSeconds],
            ]);
        report.Note("Applications on one repository poll in the same aligned slot (PollSchedule), and the chart source shares one index answer per slot (ChartSourceOptions.IndexTtl, 5 s): the repository sees one index request per interval, not one per Application.");
        return report;
    }

    private static JsonObject ChartApplication(string ns, string name, string repoUrl, TimeSpan interval) => new()
    {
        ["apiVersion"] = BenchCluster.AppApiVersion,
        ["kind"] = "Application",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["source"] = new JsonObject { ["repoURL"] = repoUrl, ["chart"] = Chart, ["targetRevision"] = "1.x" },
            ["destination"] = new JsonObject { ["namespace"] = ns },
            ["syncPolicy"] = new JsonObject
            {
                ["interval"] = $"{interval.TotalSeconds:0}s",
                ["automated"] = new JsonObject { ["prune"] = true, ["selfHeal"] = true },
            },
        },
    };
}
