using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Tests.Cli.Fixtures;

/// <summary>
/// The in-process test API server with the Application CRD applied, shared by a test class; each test uses its own
/// namespace. Tests play the controller by writing status themselves (no controller runs here).
/// </summary>
public class CliTestCluster : IAsyncLifetime
{
    private int _namespaces;
    private KubernetesCluster _cluster = null!;

    public TestApiServer.TestApiServer Server { get; private set; } = null!;

    public KubernetesApi Client => _cluster.Api;

    public string Kubeconfig { get; private set; } = "";

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("gitops-cli-").FullName;

    public virtual async ValueTask InitializeAsync()
    {
        Server = await TestApiServer.TestApiServer.StartAsync();
        Kubeconfig = Server.WriteKubeconfig(Path.Combine(Directory, "kubeconfig"));
        _cluster = new KubernetesCluster(KubernetesConfigLoader.Load(Kubeconfig, null));
        foreach (var crd in ManifestReader.Read(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "crds", "applications.gitopsagent.io.yaml")), "crd"))
        {
            await Client.ApplyAsync(crd.Object, new ApplyOptions("test"), default);
        }

        Client.InvalidateDiscovery();
    }

    public virtual async ValueTask DisposeAsync()
    {
        _cluster.Dispose();
        await Server.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A fresh namespace, created in the cluster.</summary>
    public async Task<string> NewNamespaceAsync(string prefix)
    {
        var ns = $"{prefix}-{Interlocked.Increment(ref _namespaces)}";
        await Client.CreateAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }, default);
        return ns;
    }

    /// <summary>The CLI in-process against this cluster: "--kubeconfig" is appended.</summary>
    public Task<CliRun> RunAsync(params string[] args) => CliRun.InvokeAsync([.. args, "--kubeconfig", Kubeconfig]);

    public async Task<JsonObject> GetApplicationAsync(string ns, string name) =>
        await Client.GetAsync("gitopsagent.io/v1alpha1", "Application", ns, name, default) ?? throw new InvalidOperationException($"no Application {ns}/{name}");

    public Task CreateApplicationAsync(JsonObject app) => Client.CreateAsync(app, default);

    /// <summary>Writes status as the controller would (through the status subresource).</summary>
    public Task SetStatusAsync(string ns, string name, JsonObject status) =>
        Client.PatchAsync("gitopsagent.io/v1alpha1", "Application", ns, name, new JsonObject { ["status"] = status }, PatchType.Merge, default, subresource: "status");

    /// <summary>An Application deploying <paramref name="path"/> of <paramref name="repoUrl"/> into its own namespace.</summary>
    public static JsonObject Application(string ns, string name, string repoUrl, string path, bool automated = true, string targetRevision = "main")
    {
        var spec = new JsonObject
        {
            ["source"] = new JsonObject { ["repoURL"] = repoUrl, ["path"] = path, ["targetRevision"] = targetRevision },
            ["destination"] = new JsonObject { ["namespace"] = ns },
            ["syncPolicy"] = new JsonObject { ["interval"] = "2s" },
        };
        if (automated)
        {
            spec["syncPolicy"]!["automated"] = new JsonObject { ["prune"] = true, ["selfHeal"] = false };
        }

        return new JsonObject
        {
            ["apiVersion"] = "gitopsagent.io/v1alpha1",
            ["kind"] = "Application",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        };
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds, polling every 200 ms.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(200);
        }
    }
}
