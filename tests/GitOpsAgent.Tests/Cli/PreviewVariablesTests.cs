using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Cli;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Tests.Cli.Fixtures;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Tests.Cli;

/// <summary>
/// `preview` renders with the controller's variables: ${cluster.*} expanded in the spec and spec.substitute and
/// substituteFrom applied to the manifests, from --cluster-name/--cluster-label offline and from the controller pods'
/// published identity and the cluster's ConfigMaps and Secrets with --kubeconfig. The base writes the values as
/// variables and the head as literals, so a render that substitutes sees no change where one that does not sees one.
/// </summary>
public sealed class PreviewVariablesTests(CliTestCluster cluster) : IClassFixture<CliTestCluster>, IAsyncLifetime
{
    private const string Origin = "https://git.example.test/fleet/config.git";
    private readonly TempDirectory _root = new("gitopsagent-preview-vars");
    private GitTestRepository _repo = null!;

    public async ValueTask InitializeAsync()
    {
        _repo = new GitTestRepository(Path.Combine(_root.Path, "clone"), Origin);
        await _repo.InitAsync();
        await _repo.GitAsync("remote", "add", "origin", Origin);
        _repo.WriteFile("clusters/east/settings.yaml", Settings("${tier}", "${cluster.name}"));
        await _repo.CommitAsync("base: values as variables");
        await _repo.GitAsync("checkout", "--quiet", "-b", "feature");
        _repo.WriteFile("clusters/east/settings.yaml", Settings("prod", "east"));
        _repo.WriteFile("clusters/east/extra.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra, namespace: shop}\ndata:\n  region: ${cluster.labels.region}\n  password: ${password:=none}\n");
        await _repo.CommitAsync("head: the same values as literals, and a new ConfigMap");
    }

    public ValueTask DisposeAsync()
    {
        _root.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task PreviewOffline_ClusterFlags_ExpandThePathAndSubstituteTheManifests()
    {
        var applications = WriteApplications("substitute: {tier: prod}");

        var run = await CliRun.InvokeAsync("preview", "--repo", _repo.Directory, "--base", "main", "--head", "feature", "--applications", applications,
            "--cluster-name", "east", "--cluster-label", "region=eu-west", "--format", "json");

        Assert.True(run.ExitCode == ExitCodes.Differences, run.ToString());
        var app = JsonNode.Parse(run.Stdout)!["applications"]![0]!;
        Assert.Equal("clusters/east", app["path"]!.GetValue<string>());
        Assert.Equal(["extra"], app["created"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));
        Assert.Empty(app["modified"]!.AsArray());
        Assert.DoesNotContain("${", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreviewOffline_WithoutClusterName_IsAnErrorInThatRowNamingTheVariable()
    {
        var applications = WriteApplications("substitute: {tier: prod}");

        var run = await CliRun.InvokeAsync("preview", "--repo", _repo.Directory, "--base", "main", "--head", "feature", "--applications", applications);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("error: shop/east-apps: spec.source.path: variable \"cluster.name\" is not defined", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("**render error**", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreviewOffline_SubstituteFrom_IsAnErrorInThatRow_NotAnUnexpandedVariable()
    {
        var applications = WriteApplications("substituteFrom: [{kind: ConfigMap, name: cluster-vars, optional: true}]");

        var run = await CliRun.InvokeAsync("preview", "--repo", _repo.Directory, "--base", "main", "--head", "feature", "--applications", applications, "--cluster-name", "east");

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("error: shop/east-apps: ConfigMap shop/cluster-vars named by spec.substituteFrom cannot be read without a cluster", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreviewOffline_UndefinedVariableInAManifest_NamesTheFileAndLine()
    {
        var applications = WriteApplications("substitute: {tier: prod}");

        var run = await CliRun.InvokeAsync("preview", "--repo", _repo.Directory, "--base", "main", "--head", "feature", "--applications", applications, "--cluster-name", "east");

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("error: shop/east-apps: clusters/east/extra.yaml:5: variable \"cluster.labels.region\" is not defined", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreviewWithCluster_UsesThePublishedIdentityAndSubstituteFrom_AndMasksSecretValues()
    {
        var ns = await cluster.NewNamespaceAsync("fleet");
        await cluster.Client.CreateAsync(Json($$$"""
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "gitops-agent-0", "namespace": "{{{ns}}}", "labels": {"gitopsagent.io/version": "1.0.0"},
                          "annotations": {"gitopsagent.io/cluster-name": "east", "gitopsagent.io/cluster-labels": "{\"region\": \"eu-west\"}"}},
             "spec": {"containers": [{"name": "controller", "image": "gitops-agent"}]}}
            """), default);
        await cluster.Client.CreateAsync(Json($$$"""{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cluster-vars", "namespace": "{{{ns}}}"}, "data": {"tier": "prod"}}"""), default);
        await cluster.Client.CreateAsync(Json($$$"""{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "cluster-secrets", "namespace": "{{{ns}}}"}, "data": {"password": "{{{Convert.ToBase64String(Encoding.UTF8.GetBytes("hunter2"))}}}"}}"""), default);
        await cluster.CreateApplicationAsync(Json($$$"""
            {"apiVersion": "gitopsagent.io/v1alpha1", "kind": "Application", "metadata": {"name": "east-apps", "namespace": "{{{ns}}}"},
             "spec": {"source": {"repoURL": "{{{Origin}}}", "path": "clusters/${cluster.name}"}, "destination": {"namespace": "{{{ns}}}"},
                      "substituteFrom": [{"kind": "ConfigMap", "name": "cluster-vars"}, {"kind": "Secret", "name": "cluster-secrets"}]}}
            """));

        var run = await cluster.RunAsync("preview", "--repo", _repo.Directory, "--base", "main", "--head", "feature", "--namespace", ns, "--format", "json");

        Assert.True(run.ExitCode == ExitCodes.Differences, run.ToString());
        var app = JsonNode.Parse(run.Stdout)!["applications"]![0]!;
        Assert.Equal("clusters/east", app["path"]!.GetValue<string>());
        Assert.Equal(["extra"], app["created"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));
        Assert.Empty(app["modified"]!.AsArray());
        Assert.Contains($"password: (value of Secret {ns}/cluster-secrets key password)", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("${", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreviewWithCluster_RemoteDestination_ComparesTheHeadWithTheRemoteClustersObjects()
    {
        await using var remote = await TestApiServer.TestApiServer.StartAsync(new TestApiServer.TestApiServerOptions { Token = "remote-token" });
        using (var remoteCluster = new KubernetesCluster(KubernetesConfigLoader.FromKubeconfigText(remote.KubeconfigText(), null)))
        {
            await remoteCluster.Api.CreateAsync(Json("""{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}"""), default);
            await remoteCluster.Api.CreateAsync(Json("""{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": "shop"}, "data": {"tier": "dev", "cluster": "east"}}"""), default);
        }

        var ns = await cluster.NewNamespaceAsync("hub");
        await cluster.Client.CreateAsync(Json($$$"""{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "east", "namespace": "{{{ns}}}"}, "data": {"value": "{{{Convert.ToBase64String(Encoding.UTF8.GetBytes(remote.KubeconfigText()))}}}"}}"""), default);
        await cluster.CreateApplicationAsync(Json($$$"""
            {"apiVersion": "gitopsagent.io/v1alpha1", "kind": "Application", "metadata": {"name": "east-apps", "namespace": "{{{ns}}}"},
             "spec": {"source": {"repoURL": "{{{Origin}}}", "path": "clusters/east"}, "destination": {"namespace": "shop", "kubeConfig": {"secretRef": {"name": "east"} } },
                      "substitute": {"tier": "prod"} } }
            """));

        var run = await cluster.RunAsync("preview", "--repo", _repo.Directory, "--base", "main", "--head", "feature", "--namespace", ns, "--format", "json",
            "--cluster-name", "east", "--cluster-label", "region=eu-west");

        Assert.True(run.ExitCode == ExitCodes.Differences, run.ToString());
        var live = JsonNode.Parse(run.Stdout)!["applications"]![0]!["live"]!;
        Assert.Equal(["settings"], live["modified"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));
        Assert.Contains("data.tier", live["modified"]![0]!["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(["extra"], live["created"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));
    }

    private string WriteApplications(string variables)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root.Path, "applications")).FullName;
        File.WriteAllText(Path.Combine(folder, "apps.yaml"), $$"""
            apiVersion: gitopsagent.io/v1alpha1
            kind: Application
            metadata: {name: east-apps, namespace: shop}
            spec:
              source: {repoURL: "{{Origin}}", path: "clusters/${cluster.name}"}
              destination: {namespace: shop}
              {{variables}}
            """);
        return folder;
    }

    private static string Settings(string tier, string clusterName) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: settings, namespace: shop}}\ndata:\n  tier: {tier}\n  cluster: {clusterName}\n";

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}
