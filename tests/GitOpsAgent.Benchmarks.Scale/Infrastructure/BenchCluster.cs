using System.Text.Json.Nodes;
using GitOpsAgent.Controller;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Observers;
using GitOpsAgent.Telemetry;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging.Abstractions;
using ApiServer = GitOpsAgent.TestApiServer.TestApiServer;

namespace GitOpsAgent.Benchmarks.Scale.Infrastructure;

/// <summary>
/// The in-process test API server with the Application CRD installed, a client for setup, and the real controller
/// (ControllerHost.Build) with its git processes counted.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    public const string AppApiVersion = "gitopsagent.io/v1alpha1";

    private WebApplication? _controller;

    private readonly KubernetesCluster _cluster;

    private BenchCluster(ApiServer server, string kubeconfig, KubernetesCluster cluster)
    {
        Server = server;
        Kubeconfig = kubeconfig;
        _cluster = cluster;
    }

    public ApiServer Server { get; }

    public string Kubeconfig { get; }

    /// <summary>For setup only; observation reads the server's store directly so that it costs no API requests.</summary>
    public KubernetesApi Client => _cluster.Api;

    /// <summary>Every git process the controller's repository cache started.</summary>
    public CountingGitCommandRunner GitProcesses { get; } = new(new GitProcessRunner("git", TimeProvider.System));

    public Uri ControllerAddress => new(_controller!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<BenchCluster> StartAsync()
    {
        var server = await ApiServer.StartAsync();
        var kubeconfig = server.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory("gitops-scale-").FullName, "kubeconfig"));
        var cluster = new KubernetesCluster(KubernetesConfigLoader.Load(kubeconfig, null), new KubernetesClusterOptions { Qps = 1000, Burst = 1000 });
        var client = cluster.Api;
        var crd = Path.Combine(Machine.RepositoryRoot(), "crds", "applications.gitopsagent.io.yaml");
        foreach (var manifest in ManifestReader.Read(await File.ReadAllTextAsync(crd), crd))
        {
            await client.ApplyAsync(manifest.Object, new ApplyOptions("scale-setup"), default);
        }

        client.InvalidateDiscovery();
        return new BenchCluster(server, kubeconfig, cluster);
    }

    public Task CreateNamespaceAsync(string name) =>
        Client.CreateAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } }, default);

    /// <summary>Starts the real controller: no leader election, text logs at Warning and above only.</summary>
    public async Task StartControllerAsync(Action<ControllerOptions>? configure = null)
    {
        // The host reads Logging:LogLevel from the environment like any ASP.NET Core app; keep the output small.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        var options = new ControllerOptions
        {
            Kubeconfig = Kubeconfig,
            HttpAddress = "127.0.0.1:0",
            LeaderElect = false,
            Workers = 8,
            Interval = TimeSpan.FromMinutes(3),
            LogFormat = "text",
            CacheDir = Directory.CreateTempSubdirectory("gitops-scale-cache-").FullName,
        };
        configure?.Invoke(options);
        _controller = ControllerHost.Build(options, services => services.AddSingleton<IGitRepositoryCache>(sp => new GitRepositoryCache(
            new GitRepositoryCacheOptions { CacheRoot = options.CacheDir },
            NullLogger<GitRepositoryCache>.Instance,
            TimeProvider.System,
            new GitRequestMetrics(sp.GetRequiredService<GitOpsAgentMetrics>()),
            GitProcesses)));
        await _controller.StartAsync();
    }

    public JsonObject? Application(string ns, string name) => Server.Store.Get(AppApiVersion, "Application", ns, name);

    public static string SyncStatus(JsonObject? app) => app?.GetStringAt("status", "sync", "status") ?? "-";

    public static string HealthStatus(JsonObject? app) => app?.GetStringAt("status", "health", "status") ?? "-";

    public static string SyncRevision(JsonObject? app) => app?.GetStringAt("status", "sync", "revision") ?? "-";

    /// <summary>Polls <paramref name="condition"/> (cheap, in-process) until it holds; false at the deadline.</summary>
    public static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(20));
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_controller is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _controller.StopAsync(timeout.Token);
            await _controller.DisposeAsync();
        }

        _cluster.Dispose();
        await Server.DisposeAsync();
    }
}
