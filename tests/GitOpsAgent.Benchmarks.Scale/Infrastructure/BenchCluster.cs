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
/// The in-process test API server with the CRDs installed, a client for setup, and the real controller: in this
/// process (ControllerHost.Build, its git processes counted), or in its own process (`gitops-agent run`), so that its
/// CPU and memory are its own.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    public const string AppApiVersion = "gitopsagent.io/v1alpha1";

    private WebApplication? _controller;

    private System.Diagnostics.Process? _controllerProcess;

    private Uri? _controllerProcessAddress;

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

    /// <summary>The controller's own process when it runs in one (<see cref="StartControllerProcessAsync"/>), else null.</summary>
    public System.Diagnostics.Process? ControllerProcess => _controllerProcess;

    public Uri ControllerAddress => _controllerProcessAddress ?? new(_controller!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<BenchCluster> StartAsync()
    {
        var server = await ApiServer.StartAsync();
        var kubeconfig = server.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory("gitops-scale-").FullName, "kubeconfig"));
        var cluster = new KubernetesCluster(KubernetesConfigLoader.Load(kubeconfig, null), new KubernetesClusterOptions { Qps = 1000, Burst = 1000 });
        var client = cluster.Api;
        // Every CRD the chart installs: a missing AppPolicy would make the controller's watch retry discovery forever.
        foreach (var crd in Directory.GetFiles(Path.Combine(Machine.RepositoryRoot(), "crds"), "*.yaml").Order(StringComparer.Ordinal))
        {
            foreach (var manifest in ManifestReader.Read(await File.ReadAllTextAsync(crd), crd))
            {
                await client.ApplyAsync(manifest.Object, new ApplyOptions("scale-setup"), default);
            }
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

    /// <summary>
    /// Starts `gitops-agent run` in its own process (the build output next to this program), with the same settings
    /// as <see cref="StartControllerAsync"/>; waits until it answers /healthz.
    /// </summary>
    public async Task StartControllerProcessAsync(double qps, int burst)
    {
        var port = TestSupport.LoopbackPort.Free();
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "gitops-agent.dll"), "run", "--kubeconfig", Kubeconfig, "--http-address", $"127.0.0.1:{port}",
            "--leader-elect", "false", "--workers", "8", "--interval", "3m", "--log-format", "text",
            "--cache-dir", Directory.CreateTempSubdirectory("gitops-scale-cache-").FullName,
            "--kube-qps", qps.ToString(System.Globalization.CultureInfo.InvariantCulture), "--kube-burst", burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        _controllerProcess = System.Diagnostics.Process.Start(start)!;
        _controllerProcess.OutputDataReceived += (_, e) => Forward(Console.Out, e.Data);
        _controllerProcess.ErrorDataReceived += (_, e) => Forward(Console.Error, e.Data);
        _controllerProcess.BeginOutputReadLine();
        _controllerProcess.BeginErrorReadLine();
        _controllerProcessAddress = new Uri($"http://127.0.0.1:{port}");
        if (!await TestSupport.LoopbackPort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(60)))
        {
            throw new InvalidOperationException("the controller process did not start listening within 60 s");
        }
    }

    private static void Forward(TextWriter to, string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            to.WriteLine($"controller: {line}");
        }
    }

    /// <summary>
    /// Git requests so far: counted processes in this process; from the controller's /metrics (ls-remote and fetch
    /// only, local git processes are not counted there) when it runs in its own.
    /// </summary>
    public async Task<GitProcessCount> ReadGitAsync()
    {
        if (_controllerProcess is null)
        {
            return GitProcessCount.Read(GitProcesses);
        }

        var byType = await ControllerMetrics.SumByLabelAsync(ControllerAddress, "gitopsagent_git_request_total", "request_type");
        var lsRemote = (int)byType.GetValueOrDefault("ls-remote");
        var fetch = (int)byType.GetValueOrDefault("fetch");
        return new GitProcessCount(lsRemote + fetch, lsRemote, fetch);
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
        if (_controllerProcess is not null)
        {
            _controllerProcess.Kill(entireProcessTree: true);
            await _controllerProcess.WaitForExitAsync();
            _controllerProcess.Dispose();
        }

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
