using System.Text.Json.Nodes;
using System.Text;
using GitOpsAgent.Cli;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.TestApiServer;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Tests.Cli;

/// <summary>
/// `diff` offline (--live FILE) and against the in-process test API server (--kubeconfig). Live files are what the
/// server returns after gitops-agent applied the objects: server defaults and managedFields included.
/// </summary>
public sealed class DiffCommandTests(DiffCommandTests.ServerFixture server) : IClassFixture<DiffCommandTests.ServerFixture>
{
    [Fact]
    public async Task Diff_LiveInSync_ExitsZeroAndSaysUnchanged()
    {
        var ns = server.NewNamespace();
        using var dir = new TempDirectory();
        var desired = dir.Write("desired.yaml", Join(ConfigMap(ns, "blue"), Deployment(ns, 2)));
        var live = dir.Write("live.yaml", await server.ApplyAndReadBackAsync(desired));

        var run = await CliRun.InvokeAsync("diff", desired, "--live", live);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains($"unchanged ConfigMap {ns}/settings", run.Stdout);
        Assert.Equal(2, run.Stdout.Split('\n').Count(l => l.StartsWith("unchanged ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Diff_LiveDiffers_ExitsOneWithAUnifiedDiff()
    {
        var ns = server.NewNamespace();
        using var dir = new TempDirectory();
        var live = dir.Write("live.yaml", await server.ApplyAndReadBackAsync(dir.Write("applied.yaml", Join(ConfigMap(ns, "blue"), Deployment(ns, 2)))));
        var desired = dir.Write("desired.yaml", Join(ConfigMap(ns, "green"), Deployment(ns, 2)));

        var run = await CliRun.InvokeAsync("diff", desired, "--live", live);

        Assert.True(run.ExitCode == ExitCodes.Differences, run.ToString());
        var lines = run.Stdout.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("modified ", StringComparison.Ordinal) && l.Contains("settings", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith('-') && l.Contains("blue", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith('+') && l.Contains("green", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("unchanged ", StringComparison.Ordinal) && l.Contains("web", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Diff_Hooks_AreNeitherComparedNorPruned()
    {
        var ns = server.NewNamespace();
        using var dir = new TempDirectory();
        var hook = $"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  namespace: {ns}\n  annotations: {{gitopsagent.io/hook: PreSync}}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{{name: m, image: \"busybox:1.36\"}}]\n";
        var live = dir.Write("live.yaml", await server.ApplyAndReadBackAsync(dir.Write("applied.yaml", Join(ConfigMap(ns, "blue"), hook))));
        var desired = dir.Write("desired.yaml", Join(ConfigMap(ns, "blue"), hook.Replace("busybox:1.36", "busybox:1.37", StringComparison.Ordinal)));
        var withoutHook = dir.Write("without-hook.yaml", ConfigMap(ns, "blue"));

        var changed = await CliRun.InvokeAsync("diff", desired, "--live", live);
        var left = await CliRun.InvokeAsync("diff", withoutHook, "--live", live);

        Assert.True(changed.ExitCode == ExitCodes.Success, changed.ToString());
        Assert.DoesNotContain("migrate", changed.Stdout, StringComparison.Ordinal);
        Assert.True(left.ExitCode == ExitCodes.Success, left.ToString());
    }

    [Fact]
    public async Task Diff_LiveObjectNotDesired_IsListedAsPrune()
    {
        var ns = server.NewNamespace();
        using var dir = new TempDirectory();
        var live = dir.Write("live.yaml", await server.ApplyAndReadBackAsync(dir.Write("applied.yaml", Join(ConfigMap(ns, "blue"), Deployment(ns, 2)))));
        var desired = dir.Write("desired.yaml", ConfigMap(ns, "blue"));

        var run = await CliRun.InvokeAsync("diff", desired, "--live", live);

        Assert.True(run.ExitCode == ExitCodes.Differences, run.ToString());
        Assert.Contains(run.Stdout.Split('\n'), l => l.StartsWith("prune ", StringComparison.Ordinal) && l.Contains("Deployment", StringComparison.Ordinal) && l.Contains("web", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Diff_SecretValueChanged_NeitherPlaintextNorBase64AppearsInTheOutput()
    {
        var ns = server.NewNamespace();
        using var dir = new TempDirectory();
        var live = dir.Write("live.yaml", await server.ApplyAndReadBackAsync(dir.Write("applied.yaml", Secret(ns, "hunter2-old-value"))));
        var desired = dir.Write("desired.yaml", Secret(ns, "hunter2-new-value"));

        var run = await CliRun.InvokeAsync("diff", desired, "--live", live);

        Assert.True(run.ExitCode == ExitCodes.Differences, run.ToString());
        Assert.Contains("modified", run.Stdout);
        foreach (var secret in new[] { "hunter2-old-value", "hunter2-new-value" })
        {
            Assert.DoesNotContain(secret, run.Stdout + run.Stderr);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), run.Stdout + run.Stderr);
        }
    }

    [Fact]
    public async Task Diff_NeitherLiveNorKubeconfig_ExitsTwo()
    {
        using var dir = new TempDirectory();
        var desired = dir.Write("desired.yaml", ConfigMap("default", "blue"));

        var run = await CliRun.InvokeAsync("diff", desired);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("--live", run.Stderr);
    }

    [Fact]
    public async Task Diff_Kubeconfig_SaysCreateThenUnchangedOnceApplied()
    {
        var ns = server.NewNamespace();
        await server.Client.CreateAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }, default);
        using var dir = new TempDirectory();
        dir.Write("app/settings.yaml", ConfigMap(null, "blue"));
        dir.Write("app/web.yaml", Deployment(null, 2));

        var before = await CliRun.InvokeAsync("diff", Path.Combine(dir.Path, "app"), "--kubeconfig", server.Kubeconfig, "--namespace", ns);

        Assert.True(before.ExitCode == ExitCodes.Differences, before.ToString());
        Assert.Equal(2, before.Stdout.Split('\n').Count(l => l.StartsWith("create ", StringComparison.Ordinal)));

        foreach (var yaml in new[] { ConfigMap(ns, "blue"), Deployment(ns, 2) })
        {
            await server.Client.ApplyAsync(ManifestReader.Read(yaml, "apply").Single().Object, new ApplyOptions("gitops-agent"), default);
        }

        var after = await CliRun.InvokeAsync("diff", Path.Combine(dir.Path, "app"), "--kubeconfig", server.Kubeconfig, "--namespace", ns);

        Assert.True(after.ExitCode == ExitCodes.Success, after.ToString());
        Assert.Equal(2, after.Stdout.Split('\n').Count(l => l.StartsWith("unchanged ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Diff_KubeconfigWithApp_ListsOurObjectsThatLeftGitAsPrune()
    {
        var ns = server.NewNamespace();
        await server.Client.CreateAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }, default);
        using var dir = new TempDirectory();
        var both = dir.Write("both.yaml", Join(ConfigMap(ns, "blue"), ConfigMap(ns, "red", "leftover")));
        var rendered = await CliRun.InvokeAsync("render", both);
        Assert.Equal(ExitCodes.Success, rendered.ExitCode);
        var tracked = GitOpsAgent.Core.Sync.Tracking.Stamp(ManifestReader.Read(ConfigMap(ns, "red", "leftover"), "x").Single().Object, new GitOpsAgent.Core.Sync.AppIdentity(ns, "shop"));
        await server.Client.ApplyAsync(tracked, new ApplyOptions("gitops-agent"), default);
        var desired = dir.Write("desired.yaml", ConfigMap(ns, "blue"));
        await server.Client.CreateAsync(Fixtures.CliTestCluster.Application(ns, "shop", "https://example.com/shop.git", "."), default);

        var run = await CliRun.InvokeAsync("diff", desired, "--kubeconfig", server.Kubeconfig, "--app", $"{ns}/shop");

        Assert.True(run.ExitCode == ExitCodes.Differences, run.ToString());
        Assert.Contains(run.Stdout.Split('\n'), l => l.StartsWith("create ", StringComparison.Ordinal) && l.Contains("settings", StringComparison.Ordinal));
        Assert.Contains(run.Stdout.Split('\n'), l => l.StartsWith("prune ", StringComparison.Ordinal) && l.Contains("leftover", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Diff_AppThatDoesNotExist_ExitsTwoNamingIt()
    {
        using var dir = new TempDirectory();
        var desired = dir.Write("desired.yaml", ConfigMap("default", "blue"));

        var run = await CliRun.InvokeAsync("diff", desired, "--kubeconfig", server.Kubeconfig, "--app", "default/nobody");

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("--app default/nobody: no such Application in the cluster", run.Stderr);
    }

    [Fact]
    public async Task Diff_WithoutAppObjectsAnApplicationDeployed_ComparesAsThatApplication()
    {
        var ns = server.NewNamespace();
        await server.Client.CreateAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }, default);
        var identity = new GitOpsAgent.Core.Sync.AppIdentity(ns, "shop");
        await server.Client.ApplyAsync(GitOpsAgent.Core.Sync.Tracking.Stamp(ManifestReader.Read(ConfigMap(ns, "blue"), "x").Single().Object, identity), new ApplyOptions("gitops-agent"), default);
        using var dir = new TempDirectory();
        var desired = dir.Write("desired.yaml", ConfigMap(ns, "blue"));

        var run = await CliRun.InvokeAsync("diff", desired, "--kubeconfig", server.Kubeconfig);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains($"unchanged ConfigMap {ns}/settings", run.Stdout);
        Assert.Contains($"note: comparing as Application {ns}/shop", run.Stderr);
    }

    [Fact]
    public async Task Diff_Json_HasInSyncAndOneEntryPerObject()
    {
        var ns = server.NewNamespace();
        using var dir = new TempDirectory();
        var live = dir.Write("live.yaml", await server.ApplyAndReadBackAsync(dir.Write("applied.yaml", ConfigMap(ns, "blue"))));
        var desired = dir.Write("desired.yaml", Join(ConfigMap(ns, "green"), Deployment(ns, 1)));

        var run = await CliRun.InvokeAsync("diff", desired, "--live", live, "-o", "json");

        Assert.True(run.ExitCode == ExitCodes.Differences, run.ToString());
        var report = JsonNode.Parse(run.Stdout)!.AsObject();
        Assert.False(report["inSync"]!.GetValue<bool>());
        var actions = report["resources"]!.AsArray().Select(r => $"{r!["action"]} {r["kind"]} {r["name"]}").Order(StringComparer.Ordinal);
        Assert.Equal(["create Deployment web", "modified ConfigMap settings"], actions);
    }

    [Fact]
    public async Task Diff_KindTheClusterDoesNotKnow_ExitsTwoNotOne()
    {
        using var dir = new TempDirectory();
        var desired = dir.Write("widget.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: default}\nspec: {size: 3}\n");

        var run = await CliRun.InvokeAsync("diff", desired, "--kubeconfig", server.Kubeconfig);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("Widget", run.Stderr);
    }

    [Fact]
    public async Task Diff_MissingKubeconfigFile_ExitsTwoNamingIt()
    {
        using var dir = new TempDirectory();
        var desired = dir.Write("desired.yaml", ConfigMap("default", "blue"));

        var run = await CliRun.InvokeAsync("diff", desired, "--kubeconfig", Path.Combine(dir.Path, "missing-kubeconfig"));

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("missing-kubeconfig", run.Stderr);
    }

    private static string Join(params string[] documents) => string.Join("\n---\n", documents);

    private static string ConfigMap(string? ns, string color, string name = "settings") => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
        {(ns is null ? "" : $"  namespace: {ns}")}
        data:
          color: {color}
        """;

    private static string Deployment(string? ns, int replicas) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        {{(ns is null ? "" : $"  namespace: {ns}")}}
          labels: {app: web}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: main
                  image: registry.k8s.io/pause:3.9
        """;

    private static string Secret(string ns, string password) => $"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: credentials
          namespace: {ns}
        type: Opaque
        stringData:
          password: {password}
        """;

    /// <summary>The in-process test API server, shared by the class; each test uses its own namespace.</summary>
    public sealed class ServerFixture : IAsyncLifetime
    {
        private int _namespaces;

        public TestApiServer.TestApiServer Server { get; private set; } = null!;

        private KubernetesCluster _cluster = null!;

        public KubernetesApi Client => _cluster.Api;

        public string Kubeconfig { get; private set; } = "";

        public async ValueTask InitializeAsync()
        {
            Server = await TestApiServer.TestApiServer.StartAsync();
            Kubeconfig = Server.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory("gitops-cli-kube-").FullName, "kubeconfig"));
            _cluster = new KubernetesCluster(KubernetesConfigLoader.Load(Kubeconfig, null));
            foreach (var crd in ManifestReader.Read(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "crds", "applications.gitopsagent.io.yaml")), "crd"))
            {
                await Client.ApplyAsync(crd.Object, new ApplyOptions("test"), default);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _cluster.Dispose();
            await Server.DisposeAsync();
        }

        public string NewNamespace() => $"cli-{Interlocked.Increment(ref _namespaces)}";

        /// <summary>Applies the file's objects as gitops-agent (into <c>default</c> storage: namespaces need not exist offline) and returns them as the server stores them.</summary>
        public async Task<string> ApplyAndReadBackAsync(string file)
        {
            var live = new List<JsonNode?>();
            foreach (var manifest in ManifestReader.Read(await File.ReadAllTextAsync(file), file))
            {
                var ns = manifest.Object.GetNamespace();
                if (await Client.GetAsync("v1", "Namespace", null, ns, default) is null)
                {
                    await Client.CreateAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }, default);
                }

                live.Add(await Client.ApplyAsync(manifest.Object, new ApplyOptions("gitops-agent"), default));
            }

            return YamlWriter.WriteDocuments(live);
        }
    }
}
