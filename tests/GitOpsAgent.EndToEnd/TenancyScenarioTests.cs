using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.EndToEnd;

/// <summary>
/// Several teams on one controller (issue 17): team A's Application acts as its ServiceAccount and its namespace's
/// AppPolicies decide what it may deploy. The test API server enforces RBAC and impersonation as a real server does
/// (and on k3s the real one does). Each test has a platform namespace (the controller's own) and team namespaces.
/// </summary>
public sealed class TenancyScenarioTests(E2EFixture fx) : IClassFixture<E2EFixture>
{
    private const string App = "app";
    private KubernetesApi Kube => fx.Cluster.Client;

    /// <summary>A ServiceAccount "deployer" in <paramref name="teamA"/> with rights on ConfigMaps there and, by a RoleBinding, in <paramref name="teamB"/>.</summary>
    private async Task CreateDeployerAsync(string teamA, string teamB)
    {
        await ApplyAsync($$"""
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: deployer, namespace: {{teamA}}}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: {{teamA}}-configmaps}
            rules:
              - apiGroups: [""]
                resources: [configmaps]
                verbs: ["*"]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: deployer, namespace: {{teamA}}}
            rules:
              - apiGroups: [""]
                resources: [configmaps]
                verbs: ["*"]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: deployer, namespace: {{teamA}}}
            subjects: [{kind: ServiceAccount, name: deployer, namespace: {{teamA}}}]
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: team-a-deployer, namespace: {{teamB}}}
            subjects: [{kind: ServiceAccount, name: deployer, namespace: {{teamA}}}]
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: {{teamA}}-configmaps}
            """);
    }

    private async Task ApplyAsync(string yaml)
    {
        foreach (var manifest in ManifestReader.Read(yaml, "tenancy-setup.yaml"))
        {
            await Kube.ApplyAsync(manifest.Object, new ApplyOptions("e2e-setup"), default);
        }
    }

    private static JsonObject TeamApplication(string ns, string repoUrl, string? serviceAccount = "deployer", string name = App)
    {
        var app = TestManifests.Application(ns, name, repoUrl, "app");
        if (serviceAccount is not null)
        {
            app["spec"]!["serviceAccountName"] = serviceAccount;
        }

        return app;
    }

    private static string ConfigMapIn(string ns, string name, string value) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata: {"{"}name: {name}, namespace: {ns}{"}"}
        data: {"{"}value: "{value}"{"}"}
        """;

    private Task WaitReadyAtAsync(string ns, string revision, string name = App) =>
        fx.Cluster.WaitAsync(async () => await fx.GetApplicationAsync(ns, name) is { } app
            && AppStatus.HasCondition(app, "Ready", "True") && app.GetStringAt("status", "lastAppliedRevision") == revision,
            $"Application {ns}/{name} Ready at {revision[..7]}", TimeSpan.FromSeconds(60));

    private async Task<JsonObject> WaitFailingAsync(string ns, string reason, string revision, string name = App)
    {
        await fx.Cluster.WaitAsync(async () => await fx.GetApplicationAsync(ns, name) is { } app
            && AppStatus.HasCondition(app, "Ready", "False", reason) && app.GetStringAt("status", "lastAttemptedRevision") == revision,
            $"Application {ns}/{name} Ready=False {reason} at {revision[..7]}", TimeSpan.FromSeconds(60));
        return (await fx.GetApplicationAsync(ns, name))!;
    }

    [Fact]
    public async Task TeamApplication_SyncsItsNamespace_ARevisionReachingOutIsBlockedWhole_UntilAPolicyAllowsTheNamespace()
    {
        var platform = await fx.Cluster.CreateNamespaceAsync("e2e-platform");
        var teamA = await fx.Cluster.CreateNamespaceAsync("e2e-team-a");
        var teamB = await fx.Cluster.CreateNamespaceAsync("e2e-team-b");
        var extra = teamA + "-extra";
        await CreateDeployerAsync(teamA, teamB);
        var repo = await fx.Git.CreateRepositoryAsync(teamA, new Dictionary<string, string> { ["app/settings.yaml"] = ConfigMapIn(teamA, "settings", "1") });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, teamA, o => o.ControllerNamespace = platform);
        await Kube.CreateAsync(TeamApplication(teamA, repo.Url), default);
        await WaitReadyAtAsync(teamA, await repo.HeadAsync());
        Assert.Equal("1", (await Kube.GetAsync("v1", "ConfigMap", teamA, "settings", default))?.GetStringAt("data", "value"));

        // A ClusterRoleBinding, an object in team B's namespace and a Namespace, beside an allowed change.
        repo.WriteFile("app/settings.yaml", ConfigMapIn(teamA, "settings", "2"));
        repo.WriteFile("app/more.yaml", ConfigMapIn(teamA, "more", "allowed"));
        repo.WriteFile("app/escalate.yaml", $"apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {{name: {teamA}-admin}}\nsubjects: [{{kind: ServiceAccount, name: deployer, namespace: {teamA}}}]\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}}\n");
        repo.WriteFile("app/team-b.yaml", ConfigMapIn(teamB, "stolen", "x"));
        repo.WriteFile("app/namespace.yaml", $"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {extra}}}\n");
        var reaching = await repo.CommitAsync("reach outside team A");

        var blocked = await WaitFailingAsync(teamA, "PolicyViolation", reaching);
        var message = AppStatus.Condition(blocked, "Ready")!.GetStringAt("message")!;
        Assert.Contains($"ClusterRoleBinding.rbac.authorization.k8s.io /{teamA}-admin: cluster-scoped kind", message, StringComparison.Ordinal);
        Assert.Contains($"ConfigMap {teamB}/stolen: namespace {teamB} is not an allowed destination", message, StringComparison.Ordinal);
        Assert.Contains($"Namespace /{extra}: creating or changing namespace", message, StringComparison.Ordinal);
        Assert.Equal("True", AppStatus.Condition(blocked, "Stalled")?.GetStringAt("status"));
        await fx.Cluster.WaitAsync(async () => (await AppStatus.EventsAsync(fx.Cluster, teamA, App)).Any(e => e.GetStringAt("type") == "Warning" && e.GetStringAt("reason") == "PolicyViolation"), "a Warning Event PolicyViolation");
        Assert.Null(await Kube.GetAsync("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", null, $"{teamA}-admin", default));
        Assert.Null(await Kube.GetAsync("v1", "ConfigMap", teamB, "stolen", default));
        Assert.Null(await Kube.GetAsync("v1", "Namespace", null, extra, default));
        Assert.Null(await Kube.GetAsync("v1", "ConfigMap", teamA, "more", default));
        Assert.Equal("1", (await Kube.GetAsync("v1", "ConfigMap", teamA, "settings", default))?.GetStringAt("data", "value"));

        // Drop the cluster-scoped objects: team B's namespace alone is still not allowed...
        repo.DeleteFile("app/escalate.yaml");
        repo.DeleteFile("app/namespace.yaml");
        var teamBOnly = await repo.CommitAsync("only team B's ConfigMap left outside");
        await WaitFailingAsync(teamA, "PolicyViolation", teamBOnly);

        // ...until the platform team's AppPolicy allows it. With the next poll an hour away, only the policy watch can say so.
        await Kube.PatchAsync("gitopsagent.io/v1alpha1", "Application", teamA, App, JsonNode.Parse("""{"spec":{"syncPolicy":{"interval":"1h"}}}""")!, PatchType.Merge, default);
        await fx.Cluster.WaitAsync(async () => (await fx.GetApplicationAsync(teamA, App))?.GetInt64At("status", "observedGeneration") == 2, "the hour-long interval to be observed");
        await ApplyAsync($$"""
            apiVersion: gitopsagent.io/v1alpha1
            kind: AppPolicy
            metadata: {name: team-a, namespace: {{teamA}}}
            spec:
              destinations: [{{teamA}}, {{teamB}}]
            """);
        await WaitReadyAtAsync(teamA, teamBOnly);
        Assert.Equal("x", (await Kube.GetAsync("v1", "ConfigMap", teamB, "stolen", default))?.GetStringAt("data", "value"));
        Assert.Equal("allowed", (await Kube.GetAsync("v1", "ConfigMap", teamA, "more", default))?.GetStringAt("data", "value"));
        Assert.Equal("2", (await Kube.GetAsync("v1", "ConfigMap", teamA, "settings", default))?.GetStringAt("data", "value"));
    }

    [Fact]
    public async Task RoleTheServiceAccountNeedsIsRemoved_TheNextSyncIsForbiddenNamingIt_NothingIsPruned_UntilItIsBack()
    {
        var platform = await fx.Cluster.CreateNamespaceAsync("e2e-platform");
        var teamA = await fx.Cluster.CreateNamespaceAsync("e2e-team-a");
        var teamB = await fx.Cluster.CreateNamespaceAsync("e2e-team-b");
        await CreateDeployerAsync(teamA, teamB);
        var repo = await fx.Git.CreateRepositoryAsync(teamA, new Dictionary<string, string>
        {
            ["app/settings.yaml"] = ConfigMapIn(teamA, "settings", "1"),
            ["app/dropped.yaml"] = ConfigMapIn(teamA, "dropped", "1"),
        });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, teamA, o => o.ControllerNamespace = platform);
        await Kube.CreateAsync(TeamApplication(teamA, repo.Url), default);
        var synced = await repo.HeadAsync();
        await WaitReadyAtAsync(teamA, synced);
        var role = (await Kube.GetAsync("rbac.authorization.k8s.io/v1", "Role", teamA, "deployer", default))!;

        await Kube.DeleteAsync("rbac.authorization.k8s.io/v1", "Role", teamA, "deployer", new DeleteOptions(), default);
        repo.WriteFile("app/settings.yaml", ConfigMapIn(teamA, "settings", "2"));
        repo.DeleteFile("app/dropped.yaml");
        var changed = await repo.CommitAsync("change one, drop one");

        var forbidden = await WaitFailingAsync(teamA, "Forbidden", changed);
        var message = AppStatus.Condition(forbidden, "Ready")!.GetStringAt("message")!;
        Assert.Contains($"User \"system:serviceaccount:{teamA}:deployer\" cannot patch resource \"configmaps\"", message, StringComparison.Ordinal);
        Assert.Contains($"acting as ServiceAccount {teamA}/deployer", message, StringComparison.Ordinal);
        Assert.Equal(synced, forbidden.GetStringAt("status", "lastAppliedRevision"));
        Assert.Equal("1", (await Kube.GetAsync("v1", "ConfigMap", teamA, "settings", default))?.GetStringAt("data", "value"));
        Assert.NotNull(await Kube.GetAsync("v1", "ConfigMap", teamA, "dropped", default));

        role.GetObjectAt("metadata")!.Remove("resourceVersion");
        role.GetObjectAt("metadata")!.Remove("uid");
        role.GetObjectAt("metadata")!.Remove("managedFields");
        await Kube.CreateAsync(role, default);
        await WaitReadyAtAsync(teamA, changed);
        Assert.Equal("2", (await Kube.GetAsync("v1", "ConfigMap", teamA, "settings", default))?.GetStringAt("data", "value"));
        await fx.Cluster.WaitAsync(async () => await Kube.GetAsync("v1", "ConfigMap", teamA, "dropped", default) is null, "the dropped ConfigMap to be pruned once allowed");
    }

    /// <summary>
    /// The chart's default RBAC (rendered by the real helm) as the controller's only rights: it syncs what a
    /// ServiceAccount may deploy, an Application acting as nobody changes nothing, and a ServiceAccount the chart does
    /// not let it impersonate is ImpersonationForbidden.
    /// </summary>
    [Fact]
    public async Task ChartsLeastPrivilegeRbac_TheControllerChangesTheClusterOnlyAsAServiceAccount()
    {
        Assert.SkipWhen(fx.Cluster.IsRealCluster, "gives the controller a token of its own through the in-process test API server");
        var helm = ProcessRunner.Find("helm");
        Assert.SkipWhen(helm is null, "helm is not on the PATH (eng/install-helm.sh fetches it)");
        var platform = await fx.Cluster.CreateNamespaceAsync("e2e-platform");
        var teamA = await fx.Cluster.CreateNamespaceAsync("e2e-team-a");
        var teamB = await fx.Cluster.CreateNamespaceAsync("e2e-team-b");
        await CreateDeployerAsync(teamA, teamB);
        await Kube.CreateAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = new JsonObject { ["name"] = "stranger", ["namespace"] = teamA } }, default);
        var rendered = await ProcessRunner.SucceedAsync(helm!, ["template", "ga", Path.Combine(RepositoryRoot.Path, "charts", "gitops-agent"), "--namespace", platform,
            "--set", "rbac.impersonation.serviceAccountNames={deployer}"], TimeSpan.FromSeconds(60));
        foreach (var rbac in ManifestReader.Read(rendered, "helm template").Select(m => m.Object).Where(o => o.GetApiVersion() == "rbac.authorization.k8s.io/v1"))
        {
            await Kube.ApplyAsync(rbac, new ApplyOptions("e2e-setup"), default);
        }

        var token = $"controller-{Guid.NewGuid():N}";
        fx.Cluster.Server!.Tokens.AddServiceAccount(token, platform, "ga-gitops-agent");
        var kubeconfig = fx.Cluster.Server.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory("gitops-e2e-least-").FullName, "kubeconfig"), token);
        var repo = await fx.Git.CreateRepositoryAsync(teamA, new Dictionary<string, string> { ["app/settings.yaml"] = ConfigMapIn(teamA, "settings", "1") });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, teamA, o =>
        {
            o.Kubeconfig = kubeconfig;
            o.ControllerNamespace = platform;
        });

        await Kube.CreateAsync(TeamApplication(teamA, repo.Url), default);
        await Kube.CreateAsync(TeamApplication(teamA, repo.Url, serviceAccount: null, name: "as-nobody"), default);
        await Kube.CreateAsync(TeamApplication(teamA, repo.Url, serviceAccount: "stranger", name: "as-stranger"), default);

        var head = await repo.HeadAsync();
        await WaitReadyAtAsync(teamA, head);
        var nobody = await WaitFailingAsync(teamA, "Forbidden", head, "as-nobody");
        Assert.Contains($"User \"system:serviceaccount:{platform}:ga-gitops-agent\" cannot patch resource \"configmaps\"", AppStatus.Condition(nobody, "Ready")!.GetStringAt("message"), StringComparison.Ordinal);
        var stranger = await WaitFailingAsync(teamA, "ImpersonationForbidden", head, "as-stranger");
        Assert.Contains($"cannot impersonate resource \"serviceaccounts\" in API group \"\" in the namespace \"{teamA}\"", AppStatus.Condition(stranger, "Ready")!.GetStringAt("message"), StringComparison.Ordinal);
        Assert.Contains($"the controller may not act as ServiceAccount {teamA}/stranger", AppStatus.Condition(stranger, "Ready")!.GetStringAt("message"), StringComparison.Ordinal);
    }
}
