using System.Diagnostics;
using GitOpsAgent.Benchmarks.Scale.Infrastructure;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Benchmarks.Scale.Scenarios;

/// <summary>
/// N Applications of 10 objects each (9 ConfigMaps, 1 Deployment), ten Applications per repository, on the in-process
/// test API server with the real controller: time to all Synced and Healthy, then a quiet minute's CPU, API requests,
/// git processes and memory.
/// </summary>
public static class FleetScenario
{
    public static async Task<ScenarioReport> RunAsync(ScenarioArgs args)
    {
        var apps = args.Int("apps", 1000);
        var appsPerRepo = args.Int("apps-per-repo", 10);
        var steady = TimeSpan.FromSeconds(args.Double("steady", 60));
        var timeout = TimeSpan.FromSeconds(args.Double("timeout", 900));
        var qps = args.Double("qps", 100);
        // --controller process: the controller in its own process (`gitops-agent run`), so CPU and memory are its own.
        var ownProcess = args.String("controller") == "process";
        var cpuLabel = ownProcess ? "controller alone, own process" : "controller + test API server, one process";
        var repos = (apps + appsPerRepo - 1) / appsPerRepo;
        var report = new ScenarioReport("fleet");
        report.Json["parameters"] = $"apps={apps} objectsPerApp=10 (9 ConfigMaps, 1 Deployment) repos={repos} (one per {appsPerRepo} Applications, one path each) steady={steady.TotalSeconds}s workers=8 interval=3m kubeQps={qps} kubeBurst={Math.Max(100, (int)qps * 2)} controller={(ownProcess ? "own process" : "in process")}";

        await using var git = await GitTestServer.StartAsync();
        await using var cluster = await BenchCluster.StartAsync();
        var keys = new List<(string Namespace, string Name)>();
        var setup = Stopwatch.StartNew();
        for (var r = 0; r < repos; r++)
        {
            var ns = $"fleet-{r:D3}";
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            var names = Enumerable.Range(r * appsPerRepo, Math.Min(appsPerRepo, apps - r * appsPerRepo)).Select(a => $"app-{a:D4}").ToList();
            foreach (var name in names)
            {
                foreach (var (path, content) in Manifests.AppFiles($"apps/{name}", $"{name}-", 9, 1))
                {
                    files[path] = content;
                }
            }

            var repo = await git.CreateRepositoryAsync($"repo-{r:D3}", files);
            await cluster.CreateNamespaceAsync(ns);
            foreach (var name in names)
            {
                await cluster.Client.CreateAsync(Manifests.Application(ns, name, repo.Url, $"apps/{name}"), default);
                keys.Add((ns, name));
            }
        }

        Console.WriteLine($"setup: {repos} repositories, {apps} Applications in {setup.Elapsed.TotalSeconds:0} s; starting the controller");
        var syncRequests = RequestWindow.Start(cluster.Server.Requests);
        var syncGit = await cluster.ReadGitAsync();
        var syncCpu = ProcessSample.Take(cluster.ControllerProcess);
        var stopwatch = Stopwatch.StartNew();
        // --qps 100 is the controller's default client rate limit (--kube-qps, burst 200).
        if (ownProcess)
        {
            await cluster.StartControllerProcessAsync(qps, Math.Max(100, (int)qps * 2));
        }
        else
        {
            await cluster.StartControllerAsync(o =>
            {
                o.KubeQps = qps;
                o.KubeBurst = Math.Max(100, (int)qps * 2);
            });
        }

        TimeSpan? allSynced = null;
        TimeSpan? allHealthy = null;
        var lastPrint = TimeSpan.Zero;
        while (stopwatch.Elapsed < timeout && allHealthy is null)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var states = keys.Select(k => cluster.Application(k.Namespace, k.Name)).ToList();
            var synced = states.Count(a => BenchCluster.SyncStatus(a) == "Synced");
            var healthy = states.Count(a => BenchCluster.SyncStatus(a) == "Synced" && BenchCluster.HealthStatus(a) == "Healthy");
            if (synced == apps)
            {
                allSynced ??= stopwatch.Elapsed;
            }

            if (healthy == apps)
            {
                allHealthy = stopwatch.Elapsed;
            }

            if (stopwatch.Elapsed - lastPrint >= TimeSpan.FromSeconds(10) || allHealthy is not null)
            {
                lastPrint = stopwatch.Elapsed;
                Console.WriteLine($"[{stopwatch.Elapsed.TotalSeconds,5:0}s] {synced}/{apps} Synced, {healthy}/{apps} Synced and Healthy, {cluster.Server.Requests.Total} API requests so far");
            }
        }

        var syncCpuEnd = ProcessSample.Take(cluster.ControllerProcess);
        var syncGitEnd = await cluster.ReadGitAsync() - syncGit;
        var syncByVerb = syncRequests.ByVerb();
        var syncTotal = syncByVerb.Values.Sum();
        report.Table(
            $"Initial sync of {apps} Applications ({apps * 10} objects)",
            ["measure", "value"],
            [
                ["time to all Synced (s)", allSynced?.TotalSeconds],
                ["time to all Synced and Healthy (s)", allHealthy?.TotalSeconds],
                [$"CPU seconds used ({cpuLabel})", (syncCpuEnd.Cpu - syncCpu.Cpu).TotalSeconds],
                ["API requests", syncTotal],
                .. syncByVerb.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (IReadOnlyList<object?>)[$"  {kv.Key}", kv.Value]),
                ["git processes", syncGitEnd.Started],
                ["  ls-remote", syncGitEnd.LsRemote],
                ["  fetch", syncGitEnd.Fetch],
            ]);

        // A few seconds for the last status writes and events, then a quiet window.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var steadyRequests = RequestWindow.Start(cluster.Server.Requests);
        var steadyGit = await cluster.ReadGitAsync();
        var steadyCpu = ProcessSample.Take(cluster.ControllerProcess);
        var minutes = new List<IReadOnlyList<object?>>();
        var windows = args.Int("windows", 1);
        Console.WriteLine($"steady state: measuring for {windows} x {steady.TotalSeconds:0} s");
        for (var w = 1; w <= windows; w++)
        {
            var windowCpu = ProcessSample.Take(cluster.ControllerProcess);
            var windowRequests = RequestWindow.Start(cluster.Server.Requests);
            var windowGit = await cluster.ReadGitAsync();
            await Task.Delay(steady);
            var windowGitEnd = await cluster.ReadGitAsync() - windowGit;
            minutes.Add([w, ProcessSample.Take(cluster.ControllerProcess).CpuSecondsPerMinuteSince(windowCpu), windowRequests.Total, windowRequests.Writes, windowGitEnd.LsRemote, windowGitEnd.Fetch]);
        }

        var steadyCpuEnd = ProcessSample.Take(cluster.ControllerProcess);
        steady *= windows;
        var steadyGitEnd = await cluster.ReadGitAsync() - steadyGit;
        var steadyByResource = steadyRequests.ByVerbAndResource();
        var perMinute = 60 / steady.TotalSeconds;
        var memory = cluster.ControllerProcess is { } controllerProcess ? MemorySample.Of(controllerProcess) : MemorySample.Take();
        var stillSynced = keys.Count(k => BenchCluster.SyncStatus(cluster.Application(k.Namespace, k.Name)) == "Synced");
        report.Table(
            $"Steady state over {steady.TotalSeconds:0} s, nothing changed (rates per minute)",
            ["measure", "value"],
            [
                [$"CPU seconds per minute ({cpuLabel})", steadyCpuEnd.CpuSecondsPerMinuteSince(steadyCpu)],
                ["API requests per minute", steadyByResource.Sum(x => x.Count) * perMinute],
                .. steadyByResource.Select(x => (IReadOnlyList<object?>)[$"  {x.Verb} {x.Resource}", x.Count * perMinute]),
                ["API writes per minute", steadyByResource.Where(x => RequestWindow.WriteVerbs.Contains(x.Verb)).Sum(x => x.Count) * perMinute],
                ["git processes per minute", steadyGitEnd.Started * perMinute],
                ["  ls-remote per minute", steadyGitEnd.LsRemote * perMinute],
                ["  fetch per minute", steadyGitEnd.Fetch * perMinute],
                ["working set after GC (MiB)", memory.WorkingSetMiB],
                ["private bytes after GC (MiB)", memory.PrivateMiB],
                ["managed heap (MiB)", double.IsNaN(memory.ManagedHeapMiB) ? "n/a (another process)" : memory.ManagedHeapMiB],
                ["Applications still Synced at the end", stillSynced],
            ]);
        report.Table(
            $"Steady state window by window ({steady.TotalSeconds / windows:0} s each)",
            ["window", "CPU s per minute", "API requests", "API writes", "ls-remote", "fetch"],
            minutes);
        report.Note(ownProcess
            ? "CPU and memory are of the controller's own process (`gitops-agent run`); git counts are its ls-remote and fetch requests (/metrics)."
            : "CPU and memory are of the whole process: the test API server (holding every object with managedFields) runs in it too.");
        return report;
    }
}
