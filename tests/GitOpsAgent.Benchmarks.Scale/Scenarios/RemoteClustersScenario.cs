using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Benchmarks.Scale.Infrastructure;
using GitOpsAgent.Controller;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.TestSupport;
using ApiServer = GitOpsAgent.TestApiServer.TestApiServer;

namespace GitOpsAgent.Benchmarks.Scale.Scenarios;

/// <summary>
/// A hub controller deploying into N remote clusters (one in-process test API server each) through kubeconfig
/// Secrets, M Applications per cluster: time to all Synced and Healthy, then the steady-state API requests each
/// remote cluster gets per minute (target 0: live state comes from one watch per kind per cluster) and the hub's.
/// Self-contained (its own hub and remotes) so that it does not depend on the other scenarios' harness.
/// </summary>
public static class RemoteClustersScenario
{
    public static async Task<ScenarioReport> RunAsync(ScenarioArgs args)
    {
        var clusters = args.Int("clusters", 10);
        var appsPerCluster = args.Int("apps-per-cluster", 100);
        var objects = args.Int("objects", 2);
        var steady = TimeSpan.FromSeconds(args.Double("steady", 60));
        var timeout = TimeSpan.FromSeconds(args.Double("timeout", 600));
        var interval = args.String("interval") ?? "3m";
        var apps = clusters * appsPerCluster;
        var report = new ScenarioReport("remote-clusters");
        report.Json["parameters"] = $"clusters={clusters} appsPerCluster={appsPerCluster} apps={apps} objectsPerApp={objects} (ConfigMaps) interval={interval} steady={steady.TotalSeconds}s workers=8 kubeQps=50 per cluster";

        await using var git = await GitTestServer.StartAsync();
        await using var hub = await ApiServer.StartAsync();
        var remotes = new List<ApiServer>();
        var kubeconfigDirectory = Directory.CreateTempSubdirectory("gitops-remote-clusters-").FullName;
        using var hubCluster = new KubernetesCluster(KubernetesConfigLoader.Load(hub.WriteKubeconfig(Path.Combine(kubeconfigDirectory, "hub")), null),
            new KubernetesClusterOptions { Qps = 1000, Burst = 1000 });
        WebApplication? controller = null;
        try
        {
            // As an install does: every CRD of crds/ (Applications, AppPolicies, Notifications).
            foreach (var crd in Directory.GetFiles(Path.Combine(Machine.RepositoryRoot(), "crds"), "*.yaml").Order(StringComparer.Ordinal))
            {
                foreach (var manifest in ManifestReader.Read(await File.ReadAllTextAsync(crd), crd))
                {
                    await hubCluster.Api.ApplyAsync(manifest.Object, new ApplyOptions("scale-setup"), default);
                }
            }

            hubCluster.Api.InvalidateDiscovery();

            // One repository, one path per Application index; every cluster deploys the same paths.
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var a = 0; a < appsPerCluster; a++)
            {
                foreach (var (path, content) in Manifests.AppFiles($"apps/app-{a:D3}", $"app-{a:D3}-", objects, 0))
                {
                    files[path] = content;
                }
            }

            var repo = await git.CreateRepositoryAsync("fleet", files);
            var keys = new List<(string Namespace, string Name)>();
            var setup = Stopwatch.StartNew();
            for (var c = 0; c < clusters; c++)
            {
                var remote = await ApiServer.StartAsync(new TestApiServer.TestApiServerOptions { Token = $"cluster-{c}-token" });
                remotes.Add(remote);
                var ns = $"cluster-{c:D2}";
                var remoteNamespace = Namespace(ns);
                remoteNamespace["status"] = new JsonObject { ["phase"] = "Active" };
                remote.Store.Put(remoteNamespace);
                await CreateAsync(hubCluster.Api, Namespace(ns));
                await CreateAsync(hubCluster.Api, KubeconfigSecret(ns, remote.KubeconfigText()));
                for (var a = 0; a < appsPerCluster; a++)
                {
                    var app = Manifests.Application(ns, $"app-{a:D3}", repo.Url, $"apps/app-{a:D3}", interval);
                    app["spec"]!["destination"]!["kubeConfig"] = new JsonObject { ["secretRef"] = new JsonObject { ["name"] = "remote" } };
                    await CreateAsync(hubCluster.Api, app);
                    keys.Add((ns, app.GetName()));
                }
            }

            Console.WriteLine($"setup: {clusters} remote clusters, {apps} Applications in {setup.Elapsed.TotalSeconds:0} s; starting the controller");
            Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
            var options = new ControllerOptions
            {
                Kubeconfig = Path.Combine(kubeconfigDirectory, "hub"),
                HttpAddress = "127.0.0.1:0",
                LeaderElect = false,
                Workers = 8,
                Interval = TimeSpan.FromMinutes(3),
                LogFormat = "text",
                CacheDir = Directory.CreateTempSubdirectory("gitops-remote-clusters-cache-").FullName,
            };
            controller = ControllerHost.Build(options);
            var stopwatch = Stopwatch.StartNew();
            await controller.StartAsync();

            TimeSpan? allHealthy = null;
            var lastPrint = TimeSpan.Zero;
            while (stopwatch.Elapsed < timeout && allHealthy is null)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                var healthy = keys.Count(k => hub.Store.Get(BenchCluster.AppApiVersion, "Application", k.Namespace, k.Name) is { } app
                    && BenchCluster.SyncStatus(app) == "Synced" && BenchCluster.HealthStatus(app) == "Healthy");
                if (healthy == apps)
                {
                    allHealthy = stopwatch.Elapsed;
                }

                if (stopwatch.Elapsed - lastPrint >= TimeSpan.FromSeconds(10) || allHealthy is not null)
                {
                    lastPrint = stopwatch.Elapsed;
                    Console.WriteLine($"[{stopwatch.Elapsed.TotalSeconds,5:0}s] {healthy}/{apps} Synced and Healthy");
                }
            }

            if (allHealthy is null)
            {
                throw new TimeoutException($"not every Application was Synced and Healthy within {timeout.TotalSeconds:0} s");
            }

            // The last status writes and watch events land, then a quiet window.
            await Task.Delay(TimeSpan.FromSeconds(5));
            var hubWindow = RequestWindow.Start(hub.Requests);
            var remoteWindows = remotes.Select(r => RequestWindow.Start(r.Requests)).ToList();
            Console.WriteLine($"steady state: measuring for {steady.TotalSeconds:0} s");
            await Task.Delay(steady);
            var perMinute = 60 / steady.TotalSeconds;

            var rows = new List<IReadOnlyList<object?>>();
            for (var c = 0; c < clusters; c++)
            {
                var counted = remoteWindows[c].ByVerbAndResource();
                var detail = counted.Count == 0 ? "(none)" : string.Join(", ", counted.Select(r => $"{r.Verb} {r.Resource} {r.Count}"));
                rows.Add([$"remote cluster-{c:D2}", appsPerCluster, counted.Sum(r => r.Count) * perMinute, detail]);
            }

            var hubCounted = hubWindow.ByVerbAndResource();
            rows.Add(["hub", apps, hubCounted.Sum(r => r.Count) * perMinute, string.Join(", ", hubCounted.Select(r => $"{r.Verb} {r.Resource} {r.Count}"))]);
            report.Table(
                $"Steady-state API requests per minute, {clusters} remote clusters x {appsPerCluster} Applications ({steady.TotalSeconds:0} s window after all Synced and Healthy)",
                ["cluster", "Applications", "requests per minute", "verb resource count"],
                rows);
            report.Note($"Time to all {apps} Applications Synced and Healthy: {allHealthy.Value.TotalSeconds:0.0} s.");
            report.Note($"Remote requests in the window, all clusters: {remoteWindows.Sum(w => w.Total)}; writes {remoteWindows.Sum(w => w.Writes)}.");
            return report;
        }
        finally
        {
            if (controller is not null)
            {
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await controller.StopAsync(stop.Token);
                await controller.DisposeAsync();
            }

            foreach (var remote in remotes)
            {
                await remote.DisposeAsync();
            }
        }
    }

    private static Task CreateAsync(KubernetesApi api, JsonObject obj) => api.CreateAsync(obj, default);

    private static JsonObject Namespace(string name) => new() { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } };

    private static JsonObject KubeconfigSecret(string ns, string kubeconfig) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = "remote", ["namespace"] = ns },
        ["data"] = new JsonObject { ["value"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(kubeconfig)) },
    };
}
