using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Cli;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Tests.Cli.Fixtures;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Tests.Cli;

/// <summary>
/// `app diff` of an Application whose spec.destination.kubeConfig names a remote cluster (a second test API server):
/// the live objects are read there, through the kubeconfig in the hub's Secret, never from the hub the user is connected to.
/// </summary>
public sealed class AppDiffRemoteDestinationTests(CliControllerCluster hub) : IClassFixture<CliControllerCluster>
{
    private const string RemoteToken = "remote-admin-token";

    [Fact]
    public async Task Diff_RemoteDestination_ComparesWithTheRemoteClustersObjects_NotTheHubs()
    {
        await using var remote = await TestApiServer.TestApiServer.StartAsync(new TestApiServer.TestApiServerOptions { Token = RemoteToken });
        using var remoteCluster = new KubernetesCluster(KubernetesConfigLoader.FromKubeconfigText(remote.KubeconfigText(), null));
        var ns = await hub.NewNamespaceAsync("remote");
        await remoteCluster.Api.CreateAsync(Namespace(ns), default);
        // Drift only the remote cluster has; the hub has none of the objects (the old CLI said "create" for both).
        await remoteCluster.Api.CreateAsync(JsonNode.Parse($$$"""{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": "{{{ns}}}"}, "data": {"color": "purple"}}""")!.AsObject(), default);
        await hub.Client.CreateAsync(KubeconfigSecret(ns, "east", remote.KubeconfigText()), default);
        await hub.CreateApplicationAsync(RemoteApplication(ns, "east"));

        var run = await hub.RunAsync("app", "diff", "web", "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.Differences, run.ToString());
        var lines = run.Stdout.Split('\n');
        Assert.Contains($"modified ConfigMap {ns}/settings", lines);
        Assert.Contains(lines, l => l.StartsWith('-') && l.Contains("purple", StringComparison.Ordinal));
        Assert.Contains($"create Deployment.apps {ns}/web", lines);
        Assert.EndsWith($") against cluster {remote.BaseAddress.ToString().TrimEnd('/')} (kubeconfig in Secret {ns}/east key value)", run.Stderr.Trim());
        Assert.DoesNotContain(RemoteToken, run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Null(await hub.Client.GetAsync("v1", "ConfigMap", ns, "settings", default));
    }

    [Fact]
    public async Task Diff_RemoteDestinationInSync_ExitsZero_AndJsonNamesTheDestination()
    {
        await using var remote = await TestApiServer.TestApiServer.StartAsync(new TestApiServer.TestApiServerOptions { Token = RemoteToken });
        var ns = await SyncedIntoAsync(remote, "remote-sync");

        var run = await hub.RunAsync("app", "diff", "web", "-n", ns, "-o", "json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var json = JsonNode.Parse(run.Stdout)!;
        Assert.True(json["inSync"]!.GetValue<bool>());
        Assert.Equal($"cluster {remote.BaseAddress.ToString().TrimEnd('/')} (kubeconfig in Secret {ns}/east key value)", json["destination"]!.GetValue<string>());
        Assert.Equal(["settings", "web"], json["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Trace_ObjectInTheRemoteCluster_FindsItsApplicationOnTheHubNamedByHubKubeconfig()
    {
        await using var remote = await TestApiServer.TestApiServer.StartAsync(new TestApiServer.TestApiServerOptions { Token = RemoteToken });
        var ns = await SyncedIntoAsync(remote, "remote-trace");
        var remoteKubeconfig = remote.WriteKubeconfig(Path.Combine(hub.Directory, $"{ns}-remote.kubeconfig"));

        var withoutHub = await CliRun.InvokeAsync("trace", "deployment/web", "-n", ns, "--kubeconfig", remoteKubeconfig);
        var run = await CliRun.InvokeAsync("trace", "deployment/web", "-n", ns, "--kubeconfig", remoteKubeconfig, "--hub-kubeconfig", hub.Kubeconfig);

        Assert.True(withoutHub.ExitCode == ExitCodes.NotReady, withoutHub.ToString());
        Assert.Contains("--hub-kubeconfig", withoutHub.Stderr, StringComparison.Ordinal);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains($"Application: {ns}/web\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Revision:    {hub.MainHead}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("File:        web/web.yaml:1\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_KubeconfigSecretTheUserCannotRead_ExitsTwoNamingTheSecret()
    {
        var ns = await hub.NewNamespaceAsync("remote-denied");
        await hub.Client.CreateAsync(KubeconfigSecret(ns, "east", "apiVersion: v1\nkind: Config\n"), default);
        await hub.CreateApplicationAsync(RemoteApplication(ns, "east"));
        const string token = "app-reader-token";
        hub.Server.Tokens.Add(token, "app-reader");
        foreach (var rbac in ManifestReader.Read($$"""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: app-reader, namespace: {{ns}}}
            rules:
              - {apiGroups: [gitopsagent.io], resources: [applications], verbs: [get, list]}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: app-reader, namespace: {{ns}}}
            subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: app-reader}]
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: app-reader}
            """, "rbac.yaml"))
        {
            await hub.Client.CreateAsync(rbac.Object, default);
        }

        var kubeconfig = hub.Server.WriteKubeconfig(Path.Combine(hub.Directory, $"{ns}.kubeconfig"), token);
        var run = await CliRun.InvokeAsync("app", "diff", "web", "-n", ns, "--kubeconfig", kubeconfig);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains($"Application {ns}/web deploys into the cluster of Secret {ns}/east (spec.destination.kubeConfig.secretRef), which these credentials cannot read (403)", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Diff_KubeconfigWithAnExecPlugin_IsRefusedAsTheControllerRefusesIt()
    {
        var ns = await hub.NewNamespaceAsync("remote-exec");
        var kubeconfig = """
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
            users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh, args: ["-c", "touch /tmp/pwned"]}}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """;
        await hub.Client.CreateAsync(KubeconfigSecret(ns, "east", kubeconfig), default);
        await hub.CreateApplicationAsync(RemoteApplication(ns, "east"));

        var run = await hub.RunAsync("app", "diff", "web", "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains($"Application {ns}/web: kubeconfig in Secret {ns}/east key value", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("exec plugins are not allowed", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_RemoteClusterUnreachable_ExitsTwoNamingItsAddress_NeverComparingWithTheHub()
    {
        var remote = await TestApiServer.TestApiServer.StartAsync(new TestApiServer.TestApiServerOptions { Token = RemoteToken });
        var kubeconfig = remote.KubeconfigText();
        var address = remote.BaseAddress.ToString().TrimEnd('/');
        await remote.DisposeAsync();
        var ns = await hub.NewNamespaceAsync("remote-down");
        await hub.Client.CreateAsync(KubeconfigSecret(ns, "east", kubeconfig), default);
        await hub.CreateApplicationAsync(RemoteApplication(ns, "east"));

        var run = await hub.RunAsync("app", "diff", "web", "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.StartsWith($"error: Application {ns}/web: cluster {address} (kubeconfig in Secret {ns}/east key value) did not answer: ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
        Assert.DoesNotContain(RemoteToken, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_KubeconfigSecretMissing_ExitsTwoNamingIt()
    {
        var ns = await hub.NewNamespaceAsync("remote-missing");
        await hub.CreateApplicationAsync(RemoteApplication(ns, "not-there"));

        var run = await hub.RunAsync("app", "diff", "web", "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains($"Application {ns}/web: Secret {ns}/not-there named by spec.destination.kubeConfig.secretRef does not exist", run.Stderr, StringComparison.Ordinal);
    }

    private JsonObject RemoteApplication(string ns, string secret)
    {
        var app = CliTestCluster.Application(ns, "web", hub.RepoUrl, "web", automated: false);
        app["spec"]!["destination"]!["kubeConfig"] = new JsonObject { ["secretRef"] = new JsonObject { ["name"] = secret } };
        return app;
    }

    /// <summary>A new namespace on both clusters and the automated Application "web" in it, synced into <paramref name="remote"/> at the main head.</summary>
    private async Task<string> SyncedIntoAsync(TestApiServer.TestApiServer remote, string prefix)
    {
        var ns = await hub.NewNamespaceAsync(prefix);
        using (var remoteCluster = new KubernetesCluster(KubernetesConfigLoader.FromKubeconfigText(remote.KubeconfigText(), null)))
        {
            await remoteCluster.Api.CreateAsync(Namespace(ns), default);
        }

        await hub.Client.CreateAsync(KubeconfigSecret(ns, "east", remote.KubeconfigText()), default);
        var app = RemoteApplication(ns, "east");
        app["spec"]!["syncPolicy"]!["automated"] = new JsonObject { ["prune"] = true };
        await hub.CreateApplicationAsync(app);
        await hub.WaitReadyAsync(ns, "web", hub.MainHead);
        return ns;
    }

    private static JsonObject Namespace(string name) => new() { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } };

    private static JsonObject KubeconfigSecret(string ns, string name, string kubeconfig) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["data"] = new JsonObject { ["value"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(kubeconfig)) },
    };
}
