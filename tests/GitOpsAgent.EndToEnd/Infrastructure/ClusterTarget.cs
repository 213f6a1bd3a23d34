using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.TestApiServer;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.EndToEnd.Infrastructure;

/// <summary>
/// The cluster the end-to-end suite runs against: k3s started in Docker, a real one named by GITOPSAGENT_E2E_KUBECONFIG
/// (k3d, kind, ...), or the in-process test API server. Tests see the same interface either way.
/// </summary>
public sealed class ClusterTarget : IAsyncDisposable
{
    public const string KubeconfigVariable = "GITOPSAGENT_E2E_KUBECONFIG";

    private readonly KubernetesCluster _cluster;

    private ClusterTarget(string kubeconfigPath, TestApiServer.TestApiServer? server, KubernetesCluster cluster)
    {
        KubeconfigPath = kubeconfigPath;
        Server = server;
        _cluster = cluster;
    }

    public string KubeconfigPath { get; }

    /// <summary>The in-process server, or null on a real cluster (request counting and fault injection need it).</summary>
    public TestApiServer.TestApiServer? Server { get; }

    /// <summary>Our KubernetesClient adapter, for the tests' own reads and writes.</summary>
    public KubernetesApi Client => _cluster.Api;

    public bool IsRealCluster => Server is null;

    /// <summary>
    /// k3s in Docker where an engine answers (<see cref="K3sCluster"/>), else the cluster of GITOPSAGENT_E2E_KUBECONFIG,
    /// else the in-process test API server.
    /// </summary>
    public static async Task<ClusterTarget> StartAsync()
    {
        TestApiServer.TestApiServer? server = null;
        var kubeconfig = await K3sCluster.KubeconfigIfDockerAsync() ?? Environment.GetEnvironmentVariable(KubeconfigVariable);
        if (string.IsNullOrEmpty(kubeconfig))
        {
            server = await TestApiServer.TestApiServer.StartAsync();
            kubeconfig = server.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory("gitops-e2e-kube-").FullName, "kubeconfig"));
        }

        var cluster = new KubernetesCluster(KubernetesConfigLoader.Load(kubeconfig, null));
        var client = cluster.Api;
        var target = new ClusterTarget(kubeconfig, server, cluster);
        // As an install does: every CRD of crds/ (Applications, AppPolicies, Notifications).
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "crds"), "*.yaml").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            await target.ApplyFileAsync(file, "e2e-setup");
            await target.WaitAsync(async () => await client.GetAsync("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, name, default) is { } crd
                && (crd.GetArrayAt("status", "conditions") ?? []).OfType<JsonObject>().Any(c => c.GetStringAt("type") == "Established" && c.GetStringAt("status") == "True"),
                $"the CRD {name} to be Established");
        }

        client.InvalidateDiscovery();
        return target;
    }

    /// <summary>Server-side applies every object of a YAML file as <paramref name="fieldManager"/>.</summary>
    public async Task ApplyFileAsync(string path, string fieldManager)
    {
        foreach (var manifest in ManifestReader.Read(await File.ReadAllTextAsync(path), path))
        {
            await Client.ApplyAsync(manifest.Object, new ApplyOptions(fieldManager, Force: true), default);
        }
    }

    /// <summary>A fresh namespace for one test, so tests (and runs against a shared real cluster) do not collide.</summary>
    public async Task<string> CreateNamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        await Client.CreateAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } }, default);
        return name;
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms for up to <paramref name="timeout"/> (default 30 s).</summary>
    public async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(IsRealCluster ? 120 : 30));
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (KubernetesException ex)
            {
                last = ex;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"timed out waiting for {what}" + (last is null ? "" : $" (last error: {last.Message})"));
    }

    public async ValueTask DisposeAsync()
    {
        _cluster.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
