using System.Text.Json.Nodes;
using GitOpsAgent.Chart.Tests.Helm;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Chart.Tests;

/// <summary>Runs the real helm against the chart when helm is installed; skipped (with the reason) otherwise.</summary>
public partial class HelmTests
{
    private static readonly string[] NamespaceScope = ["--set", "rbac.scope=namespace", "--set", "rbac.namespaces={team-a,team-b}"];

    private static string RequireHelm() =>
        HelmCli.Find() ?? throw SkipException("helm is not on PATH: install Helm 3 to run helm lint and helm template against the chart");

    private static Exception SkipException(string reason)
    {
        Assert.Skip(reason);
        return new InvalidOperationException(reason); // not reached: Assert.Skip throws
    }

    private static async Task<(int ExitCode, string Output, string Error)> HelmAsync(params string[] arguments) =>
        await HelmCli.RunAsync(RequireHelm(), arguments, TestContext.Current.CancellationToken);

    private static Task<List<JsonObject>> TemplateAsync(params string[] extra) => ChartTemplate.RenderAsync(extra);

    private static IEnumerable<JsonObject> OfKind(IEnumerable<JsonObject> objects, string kind) =>
        objects.Where(o => o["kind"]!.GetValue<string>() == kind);

    private static List<string> Args(JsonObject deployment) =>
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();

    private static bool GrantsEverything(JsonObject role) =>
        role["rules"]!.AsArray().Any(r =>
            r!["resources"]?.AsArray().Any(x => x!.GetValue<string>() == "*") == true &&
            r["verbs"]!.AsArray().Any(x => x!.GetValue<string>() == "*"));

    [Fact]
    public async Task HelmLint_DefaultValues_Succeeds()
    {
        var (exitCode, output, error) = await HelmAsync("lint", RepositoryPaths.Chart, "--strict");

        Assert.True(exitCode == 0, $"helm lint failed: {output}{error}");
    }

    [Fact]
    public async Task HelmLint_NamespaceScope_Succeeds()
    {
        var (exitCode, output, error) = await HelmAsync(["lint", RepositoryPaths.Chart, "--strict", .. NamespaceScope]);

        Assert.True(exitCode == 0, $"helm lint failed: {output}{error}");
    }

    [Fact]
    public async Task HelmTemplate_DefaultValues_RendersHardenedHaControllerWithLeastPrivilegeRbac()
    {
        var objects = await TemplateAsync();

        var deployment = Assert.Single(OfKind(objects, "Deployment"));
        Assert.Equal(2, deployment["spec"]!["replicas"]!.GetValue<long>());
        var args = Args(deployment);
        Assert.Equal("run", args[0]);
        Assert.Equal("true", args[args.IndexOf("--leader-elect") + 1]);
        Assert.Equal("gitops-agent", args[args.IndexOf("--lease-namespace") + 1]);
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("ghcr.io/gitops-agent/gitops-agent:0.1.0", container["image"]!.GetValue<string>());
        Assert.True(container["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>());
        Assert.Equal(10001, container["securityContext"]!["runAsUser"]!.GetValue<long>());
        Assert.Equal(["/tmp", "/tmp/gitops-agent"], container["volumeMounts"]!.AsArray().Select(m => m!["mountPath"]!.GetValue<string>()));
        Assert.Contains(container["env"]!.AsArray(), e => e!["name"]!.GetValue<string>() == "POD_NAME");

        Assert.False(GrantsEverything(Assert.Single(OfKind(objects, "ClusterRole"))));
        Assert.Single(OfKind(objects, "ClusterRoleBinding"));
        Assert.Equal(ChartTemplate.ReleaseNamespace, args[args.IndexOf("--controller-namespace") + 1]);
        Assert.DoesNotContain("--default-service-account", args);
        Assert.DoesNotContain("--cluster-name", args);
        Assert.DoesNotContain("--cluster-label", args);
        Assert.Single(OfKind(objects, "PodDisruptionBudget"));
        Assert.Equal("http", Assert.Single(OfKind(objects, "Service"))["spec"]!["ports"]![0]!["name"]!.GetValue<string>());
        Assert.Empty(OfKind(objects, "ServiceMonitor"));
        Assert.Empty(OfKind(objects, "Ingress"));
    }

    [Fact]
    public async Task HelmTemplate_ClusterScope_IsTheBroadOptInGrantingEverything()
    {
        var objects = await TemplateAsync("--set", "rbac.scope=cluster");

        Assert.True(GrantsEverything(Assert.Single(OfKind(objects, "ClusterRole"))));
    }

    [Fact]
    public async Task HelmTemplate_DefaultServiceAccount_IsPassedToTheController()
    {
        var objects = await TemplateAsync("--set", "controller.defaultServiceAccount=gitops-deployer");

        var args = Args(Assert.Single(OfKind(objects, "Deployment")));
        Assert.Equal("gitops-deployer", args[args.IndexOf("--default-service-account") + 1]);
    }

    [Fact]
    public async Task HelmTemplate_NamespaceScope_GrantsEverythingOnlyInsideTheListedNamespaces()
    {
        var objects = await TemplateAsync(NamespaceScope);

        var clusterRole = Assert.Single(OfKind(objects, "ClusterRole"));
        Assert.False(GrantsEverything(clusterRole));
        var wildcardRoles = OfKind(objects, "Role").Where(GrantsEverything).Select(r => r["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal(["team-a", "team-b"], wildcardRoles);
        Assert.Contains(OfKind(objects, "Role"), r => r["metadata"]!["namespace"]!.GetValue<string>() == "gitops-agent"
            && r["rules"]!.AsArray().Any(rule => rule!["resources"]!.AsArray().Any(x => x!.GetValue<string>() == "leases")));
        var args = Args(Assert.Single(OfKind(objects, "Deployment")));
        // One comma-separated value: the option takes a single argument.
        Assert.Equal("team-a,team-b", args[args.IndexOf("--watch-namespace") + 1]);
        Assert.Single(args, a => a == "--watch-namespace");
    }

    [Fact]
    public async Task HelmTemplate_NamespaceScope_LetsTheControllerReadNotificationsAndWriteTheirStatus()
    {
        var objects = await TemplateAsync(NamespaceScope);

        var rules = Assert.Single(OfKind(objects, "ClusterRole"))["rules"]!.AsArray().OfType<JsonObject>().ToList();
        bool Grants(string resource, string verb) => rules.Any(r =>
            r["apiGroups"]!.AsArray().Any(g => g!.GetValue<string>() == "gitopsagent.io")
            && r["resources"]!.AsArray().Any(x => x!.GetValue<string>() == resource)
            && r["verbs"]!.AsArray().Any(v => v!.GetValue<string>() == verb));

        // What NotificationController does: list and watch Notifications, read one, patch its status.
        foreach (var verb in new[] { "get", "list", "watch" })
        {
            Assert.True(Grants("notifications", verb), $"notifications {verb}");
        }

        Assert.True(Grants("notifications/status", "patch"));
    }

    [Fact]
    public async Task HelmTemplate_PreviewSecret_PassesEachForgeTokenFromTheSecretAndTheForgeAddresses()
    {
        var objects = await TemplateAsync("--set", "preview.existingSecret=forge-tokens", "--set", "preview.urls.gitea=https://gitea.example.com");

        var env = Assert.Single(OfKind(objects, "Deployment"))["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray().OfType<JsonObject>().ToList();
        var token = env.Single(e => e["name"]!.GetValue<string>() == "GITOPSAGENT_PREVIEW_GITHUB_TOKEN");
        Assert.Equal("forge-tokens", token["valueFrom"]!["secretKeyRef"]!["name"]!.GetValue<string>());
        Assert.Equal("github", token["valueFrom"]!["secretKeyRef"]!["key"]!.GetValue<string>());
        Assert.True(token["valueFrom"]!["secretKeyRef"]!["optional"]!.GetValue<bool>());
        Assert.Contains(env, e => e["name"]!.GetValue<string>() == "GITOPSAGENT_PREVIEW_GITEA_TOKEN");
        Assert.Equal("https://gitea.example.com", env.Single(e => e["name"]!.GetValue<string>() == "GITOPSAGENT_PREVIEW_GITEA_URL")["value"]!.GetValue<string>());
        Assert.Equal("https://github.com", env.Single(e => e["name"]!.GetValue<string>() == "GITOPSAGENT_PREVIEW_GITHUB_URL")["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task HelmTemplate_ThreeShards_RendersOneDeploymentPerShardWithItsShardArguments()
    {
        var objects = await TemplateAsync("--set", "controller.sharding.shards=3");

        var deployments = OfKind(objects, "Deployment").ToList();
        Assert.Equal(["ga-gitops-agent-shard-0", "ga-gitops-agent-shard-1", "ga-gitops-agent-shard-2"], deployments.Select(d => d["metadata"]!["name"]!.GetValue<string>()));
        var lastArgs = Args(deployments[2]);
        Assert.Equal("2", lastArgs[lastArgs.IndexOf("--shard") + 1]);
        Assert.Equal("3", lastArgs[lastArgs.IndexOf("--shards") + 1]);
        // The controller appends -shard-N itself; the chart passes the base name.
        Assert.Equal("ga-gitops-agent", lastArgs[lastArgs.IndexOf("--lease-name") + 1]);
        Assert.Equal(3, OfKind(objects, "PodDisruptionBudget").Count());
    }

    [Fact]
    public async Task HelmTemplate_EveryOptionalFeature_RendersValidObjects()
    {
        var objects = await TemplateAsync(
            "--set", "serviceMonitor.enabled=true", "--set", "prometheusRule.enabled=true", "--set", "dashboards.enabled=true",
            "--set", "ingress.enabled=true", "--set", "ingress.hosts={gitops.example.com}", "--set", "networkPolicy.enabled=true",
            "--set", "persistence.enabled=true", "--set", "webhook.existingSecret=webhook-secrets");

        foreach (var kind in new[] { "ServiceMonitor", "PrometheusRule", "ConfigMap", "Ingress", "NetworkPolicy", "PersistentVolumeClaim" })
        {
            Assert.Single(OfKind(objects, kind));
        }

        var dashboard = JsonNode.Parse(Assert.Single(OfKind(objects, "ConfigMap"))["data"]!["gitops-agent.json"]!.GetValue<string>())!;
        Assert.Equal("gitops-agent", dashboard["uid"]!.GetValue<string>());
        var env = Assert.Single(OfKind(objects, "Deployment"))["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray();
        Assert.Contains(env, e => e!["name"]!.GetValue<string>() == "GITOPSAGENT_WEBHOOK_BITBUCKET_SERVER_SECRET"
            && e["valueFrom"]!["secretKeyRef"]!["key"]!.GetValue<string>() == "bitbucket-server");
    }

    [Fact]
    public async Task HelmTemplate_MisspeltValue_IsRejectedByTheSchema()
    {
        var (exitCode, _, error) = await HelmAsync("template", "ga", RepositoryPaths.Chart, "--set", "controller.workerz=3");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("workerz", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelmTemplate_ClusterIdentity_IsPassedAsClusterNameAndOneClusterLabelPerLabel()
    {
        var objects = await TemplateAsync("--set", "cluster.name=east", "--set", "cluster.labels.region=eu-west", "--set", "cluster.labels.tier=prod");

        var args = Args(Assert.Single(OfKind(objects, "Deployment")));
        Assert.Equal("east", args[args.IndexOf("--cluster-name") + 1]);
        Assert.Equal(["region=eu-west", "tier=prod"], args.Select((a, i) => (a, i)).Where(x => x.a == "--cluster-label").Select(x => args[x.i + 1]));
    }

    [Fact]
    public async Task HelmTemplate_ClusterNameThatIsNotALabelValue_FailsNamingTheValue()
    {
        var (exitCode, _, error) = await HelmAsync("template", "ga", RepositoryPaths.Chart, "--set", "cluster.name=east coast");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("cluster.name", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelmTemplate_NamespaceScopeWithoutNamespaces_FailsWithAClearMessage()
    {
        var (exitCode, _, error) = await HelmAsync("template", "ga", RepositoryPaths.Chart, "--set", "rbac.scope=namespace");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("rbac.namespaces", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelmTemplate_SeveralReplicasWithoutLeaderElection_FailsWithAClearMessage()
    {
        var (exitCode, _, error) = await HelmAsync("template", "ga", RepositoryPaths.Chart, "--set", "controller.leaderElection.enabled=false");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("needs replicaCount=1", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelmTemplate_OneReplicaWithoutLeaderElection_RendersWithoutPdbOrLease()
    {
        var objects = await TemplateAsync("--set", "controller.leaderElection.enabled=false", "--set", "replicaCount=1");

        var args = Args(Assert.Single(OfKind(objects, "Deployment")));
        Assert.Equal("false", args[args.IndexOf("--leader-elect") + 1]);
        Assert.DoesNotContain("--lease-name", args);
        Assert.Empty(OfKind(objects, "PodDisruptionBudget"));
    }
}
