using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.TestApiServer;

namespace GitOpsAgent.Benchmarks;

/// <summary>
/// 1,000 server-side applies of ConfigMaps, one after another, through the KubernetesClient adapter to the in-process
/// test API server over loopback HTTP (docs/benchmarks/client.md has the run against our former hand-written client).
/// The objects exist already, so every apply is the steady-state "apply what Git says" call. Allocations include the in-process server's (the same work for
/// both); set GITOPSAGENT_BENCH_KUBECONFIG to a kubeconfig of a server in another process to count the clients' alone.
/// </summary>
[Config(typeof(ShortRunConfig))]
[MemoryDiagnoser]
public class ClientApplyBenchmarks
{
    private const int Applies = 1000;
    private static readonly ApplyOptions Options = new("bench", Force: true);
    private readonly List<JsonObject> _objects = [];
    private TestApiServer.TestApiServer? _server;
    private string? _directory;
    private KubernetesCluster _cluster = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var kubeconfig = Environment.GetEnvironmentVariable("GITOPSAGENT_BENCH_KUBECONFIG");
        if (string.IsNullOrEmpty(kubeconfig))
        {
            _server = await TestApiServer.TestApiServer.StartAsync(new TestApiServerOptions { FakeControllers = false });
            _directory = Directory.CreateTempSubdirectory("gitops-bench-client-").FullName;
            kubeconfig = _server.WriteKubeconfig(Path.Combine(_directory, "kubeconfig"));
        }

        _cluster = new KubernetesCluster(KubernetesConfigLoader.Load(kubeconfig, null), new KubernetesClusterOptions { Qps = 1_000_000, Burst = 1_000_000 });
        for (var i = 0; i < Applies; i++)
        {
            _objects.Add(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = $"bench-{i:D4}", ["namespace"] = "default", ["labels"] = new JsonObject { ["app"] = "bench" } },
                ["data"] = new JsonObject { ["index"] = $"{i}", ["settings.yaml"] = "replicas: 3\nimage: registry.example/app:1.2.3\nfeatures: [a, b, c]\n" },
            });
        }

        // Discovery and the first (creating) apply of each object happen here, not in the measured loop.
        foreach (var obj in _objects)
        {
            await _cluster.Api.ApplyAsync(obj, Options, default);
        }
    }

    [Benchmark(Description = "KubernetesClient adapter: 1,000 applies")]
    public async Task NewAdapter()
    {
        foreach (var obj in _objects)
        {
            await _cluster.Api.ApplyAsync(obj, Options, default);
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _cluster.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
