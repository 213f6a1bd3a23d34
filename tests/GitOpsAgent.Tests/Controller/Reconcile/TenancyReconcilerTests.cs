using System.Text.Json.Nodes;
using GitOpsAgent.Controller;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Policy;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Tests.Controller.Fakes;

namespace GitOpsAgent.Tests.Controller.Reconcile;

/// <summary>
/// Multi-tenancy in the reconcile: an Application acting as its ServiceAccount, and its namespace's AppPolicies
/// deciding what it may deploy. shop/web is an Application outside the controller's namespace (a tenant's).
/// </summary>
public sealed class TenancyReconcilerTests : IAsyncLifetime
{
    private const string ShaA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string ShaB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private const string Deployer = "system:serviceaccount:shop:deployer";
    private ReconcilerHarness _h = null!;

    public ValueTask InitializeAsync()
    {
        _h = new ReconcilerHarness();
        _h.Git.Point("main", ShaA);
        _h.Renderer.At(ShaA, ReconcilerHarness.ConfigMap("settings", "one"), ReconcilerHarness.ConfigMap("extra", "two"));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _h.DisposeAsync();

    private static void WithServiceAccount(JsonObject app) => app["spec"]!["serviceAccountName"] = "deployer";

    private static JsonObject ConfigMapIn(string ns, string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["data"] = new JsonObject { ["value"] = "x" },
    };

    private static NamedPolicy Policy(string ns, AppPolicySpec spec) => new(ns, "limits", spec);

    [Fact]
    public async Task Reconcile_ApplicationWithAServiceAccount_ReadsDryRunsAppliesAndPrunesAsIt()
    {
        _h.CreateApplication(edit: WithServiceAccount);
        await _h.ReconcileAsync();
        await _h.SettleAsync(_h.Kube.Find("v1", "ConfigMap", "shop", "extra")!);
        _h.Git.Point("main", ShaB);
        _h.Renderer.At(ShaB, ReconcilerHarness.ConfigMap("settings", "two"));

        await _h.ReconcileAsync();

        Assert.Equal(ConditionReasons.Succeeded, _h.Condition(ConditionTypes.Ready)!.Reason);
        var objectCalls = _h.Kube.Calls.Where(c => c.Kind == "ConfigMap" && c.Verb is "get" or "apply" or "delete").ToList();
        Assert.Contains(objectCalls, c => c is { Verb: "apply", DryRun: true });
        Assert.Contains(objectCalls, c => c is { Verb: "delete", Name: "extra" });
        Assert.All(objectCalls, c => Assert.Equal(Deployer, c.User));
        Assert.All(_h.Kube.Calls.Where(c => c.Kind is "Application" or "Event"), c => Assert.Null(c.User));
        Assert.Null(_h.Kube.Find("v1", "ConfigMap", "shop", "extra"));
    }

    [Fact]
    public async Task Reconcile_DefaultServiceAccount_ActsForApplicationsThatNameNone()
    {
        _h.Options.DefaultServiceAccount = "gitops-default";
        _h.CreateApplication();

        await _h.ReconcileAsync();

        // Lists and watches are the controller's cache, with its own identity.
        var objectCalls = _h.Kube.Calls.Where(c => c.Kind == "ConfigMap" && c.Verb is not ("list" or "watch")).ToList();
        Assert.NotEmpty(objectCalls);
        Assert.All(objectCalls, c => Assert.Equal("system:serviceaccount:shop:gitops-default", c.User));
    }

    [Fact]
    public async Task Reconcile_ServiceAccountForbiddenToWrite_IsForbiddenNamingIt_AndNothingIsApplied()
    {
        _h.CreateApplication(edit: WithServiceAccount);
        _h.Kube.Fail(call => call is { Verb: "apply", Name: "extra", User: Deployer }
            ? new KubernetesApiException(403, "Forbidden", $"configmaps \"extra\" is forbidden: User \"{Deployer}\" cannot patch resource \"configmaps\" in API group \"\" in the namespace \"shop\"", [])
            : null);

        await _h.ReconcileAsync();

        var ready = _h.Condition(ConditionTypes.Ready)!;
        Assert.Equal(ConditionReasons.Forbidden, ready.Reason);
        Assert.Contains("cannot patch resource \"configmaps\"", ready.Message, StringComparison.Ordinal);
        Assert.Contains("acting as ServiceAccount shop/deployer", ready.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_h.Kube.Calls, c => c is { Verb: "apply", DryRun: false });
    }

    [Fact]
    public async Task Reconcile_ControllerMayNotImpersonateTheServiceAccount_IsImpersonationForbidden()
    {
        _h.CreateApplication(edit: WithServiceAccount);
        _h.Kube.Fail(call => call.User == Deployer
            ? new KubernetesApiException(403, "Forbidden", "serviceaccounts \"deployer\" is forbidden: User \"system:serviceaccount:gitops-agent:gitops-agent\" cannot impersonate resource \"serviceaccounts\" in API group \"\" in the namespace \"shop\"", [])
            : null);

        await _h.ReconcileAsync();

        var ready = _h.Condition(ConditionTypes.Ready)!;
        Assert.Equal(ConditionReasons.ImpersonationForbidden, ready.Reason);
        Assert.Contains("the controller may not act as ServiceAccount shop/deployer", ready.Message, StringComparison.Ordinal);
        Assert.Contains(_h.Events(), e => e is { Type: "Warning", Reason: ConditionReasons.ImpersonationForbidden });
    }

    [Fact]
    public async Task Reconcile_NoPolicyAndObjectsOutsideItsNamespace_StallsListingEach_AndAppliesNothingOfTheRevision()
    {
        _h.Kube.Serve("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", namespaced: false);
        _h.Renderer.At(ShaA,
            ReconcilerHarness.ConfigMap("settings", "allowed"),
            ConfigMapIn("other-team", "stolen"),
            new JsonObject { ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = "ClusterRoleBinding", ["metadata"] = new JsonObject { ["name"] = "shop-admin" } },
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "shop-extra" } });
        _h.CreateApplication();

        await _h.ReconcileAsync();

        var ready = _h.Condition(ConditionTypes.Ready)!;
        Assert.Equal(ConditionReasons.PolicyViolation, ready.Reason);
        Assert.Equal(Conditions.True, _h.Condition(ConditionTypes.Stalled)!.Status);
        Assert.Contains("ConfigMap other-team/stolen: namespace other-team is not an allowed destination", ready.Message, StringComparison.Ordinal);
        Assert.Contains("ClusterRoleBinding.rbac.authorization.k8s.io /shop-admin: cluster-scoped kind", ready.Message, StringComparison.Ordinal);
        Assert.Contains("Namespace /shop-extra: creating or changing namespace shop-extra is not allowed", ready.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_h.Kube.Calls, c => c.Verb == "apply" || (c.Verb == "get" && c.Kind != "Application"));
        Assert.Null(_h.Kube.Find("v1", "ConfigMap", "shop", "settings"));
        Assert.Contains(_h.Events(), e => e is { Type: "Warning", Reason: ConditionReasons.PolicyViolation });
    }

    [Fact]
    public async Task Reconcile_PolicyAllowingTheOtherNamespace_Syncs()
    {
        _h.Renderer.At(ShaA, ReconcilerHarness.ConfigMap("settings", "one"), ConfigMapIn("shop-staging", "settings"));
        _h.CreateApplication();
        await _h.ReconcileAsync();
        Assert.Equal(ConditionReasons.PolicyViolation, _h.Condition(ConditionTypes.Ready)!.Reason);

        _h.Policies.Policies.Add(Policy("shop", new AppPolicySpec { Destinations = ["shop", "shop-*"] }));
        await _h.ReconcileAsync(ReconcileTriggers.PolicyChanged);

        Assert.Equal(ConditionReasons.Succeeded, _h.Condition(ConditionTypes.Ready)!.Reason);
        Assert.NotNull(_h.Kube.Find("v1", "ConfigMap", "shop-staging", "settings"));
    }

    [Fact]
    public async Task Reconcile_RepositoryThePolicyDoesNotAllow_StallsBeforeAskingGit()
    {
        _h.Policies.Policies.Add(Policy("shop", new AppPolicySpec { SourceRepos = ["https://git.example.test/other/*"] }));
        _h.CreateApplication();

        await _h.ReconcileAsync();

        var ready = _h.Condition(ConditionTypes.Ready)!;
        Assert.Equal(ConditionReasons.PolicyViolation, ready.Reason);
        Assert.Contains($"spec.source.repoURL: repository {ReconcilerHarness.RepoUrl} is not among the allowed sources", ready.Message, StringComparison.Ordinal);
        Assert.Equal(0, _h.Git.Resolves);
    }

    [Fact]
    public async Task Reconcile_PoliciesNotListedYet_RetriesAndAppliesNothing()
    {
        _h.Policies.Unknown = true;
        _h.CreateApplication();

        var result = await _h.ReconcileAsync();

        Assert.Equal(ConditionReasons.ClusterUnavailable, _h.Condition(ConditionTypes.Ready)!.Reason);
        Assert.True(result.Failed);
        Assert.DoesNotContain(_h.Kube.Calls, c => c.Verb == "apply");
    }

    [Fact]
    public async Task Reconcile_ApplicationInTheControllersNamespace_MayDeployAnywhere()
    {
        var platform = new AppKey(ReconcilerHarness.ControllerNamespace, "cluster");
        _h.Kube.Put(new JsonObject
        {
            ["apiVersion"] = Core.Applications.Application.ApiVersionValue,
            ["kind"] = Core.Applications.Application.KindValue,
            ["metadata"] = new JsonObject { ["name"] = platform.Name, ["namespace"] = platform.Namespace, ["generation"] = 1 },
            ["spec"] = new JsonObject
            {
                ["source"] = new JsonObject { ["repoURL"] = ReconcilerHarness.RepoUrl, ["targetRevision"] = "main", ["path"] = "app" },
                ["syncPolicy"] = new JsonObject { ["automated"] = new JsonObject() },
            },
        });
        _h.Renderer.At(ShaA, ConfigMapIn("any-team", "settings"), new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "any-team" } });

        await _h.Reconciler.ReconcileAsync(platform, _h.Kube.Find(Core.Applications.Application.ApiVersionValue, Core.Applications.Application.KindValue, platform.Namespace, platform.Name)!, ReconcileTriggers.Poll, CancellationToken.None);

        Assert.NotNull(_h.Kube.Find("v1", "ConfigMap", "any-team", "settings"));
        Assert.NotNull(_h.Kube.Find("v1", "Namespace", null, "any-team"));
    }

    [Fact]
    public async Task Reconcile_ObjectTrackedByAnotherApplication_IsTakenOverOnlyWhenThePolicyAllows()
    {
        _h.Kube.Put(Tracking.Stamp(ReconcilerHarness.ConfigMap("settings", "theirs"), new AppIdentity("shop", "other")));
        _h.CreateApplication();
        await _h.ReconcileAsync();
        Assert.Equal(ConditionReasons.OwnedByAnotherApplication, _h.Condition(ConditionTypes.Ready)!.Reason);

        _h.Policies.Policies.Add(Policy("shop", new AppPolicySpec { AllowTakeOver = true }));
        await _h.ReconcileAsync(ReconcileTriggers.PolicyChanged);

        Assert.Equal(ConditionReasons.Succeeded, _h.Condition(ConditionTypes.Ready)!.Reason);
        var live = _h.Kube.Find("v1", "ConfigMap", "shop", "settings")!;
        Assert.Equal("one", live.GetStringAt("data", "value"));
        Assert.True(Tracking.IsOwnedBy(live, new AppIdentity("shop", "web")));
    }

    [Fact]
    public async Task Reconcile_ImpersonatedApplication_ServerUnavailableReadingAnotherApplicationsObject_IsClusterUnavailable()
    {
        _h.Kube.Put(Tracking.Stamp(ReconcilerHarness.ConfigMap("settings", "theirs"), new AppIdentity("shop", "other")));
        _h.CreateApplication(edit: WithServiceAccount);
        _h.Kube.Fail(call => call is { Verb: "get", Name: "settings", User: Deployer } ? new KubernetesServerBusyException(503, "ServiceUnavailable", "etcd leader changed", []) : null);

        await _h.ReconcileAsync();

        Assert.Equal(ConditionReasons.ClusterUnavailable, _h.Condition(ConditionTypes.Ready)!.Reason);
        Assert.Equal(Conditions.True, _h.Condition(ConditionTypes.Reconciling)!.Status);
        Assert.DoesNotContain(_h.Kube.Calls, c => c is { Verb: "apply", DryRun: false });
    }

    [Fact]
    public async Task Reconcile_ImpersonatedApplication_ReadsAnotherApplicationsCachedObjectAsItsServiceAccount()
    {
        var theirs = _h.Kube.Put(Tracking.Stamp(ReconcilerHarness.ConfigMap("settings", "theirs"), new AppIdentity("shop", "other")));
        _h.CreateApplication(edit: WithServiceAccount);
        _h.Kube.Fail(call => call is { Verb: "get", Name: "settings", User: Deployer }
            ? new KubernetesApiException(403, "Forbidden", $"configmaps \"settings\" is forbidden: User \"{Deployer}\" cannot get resource \"configmaps\" in API group \"\" in the namespace \"shop\"", [])
            : null);

        await _h.ReconcileAsync();

        // The controller's cache holds the object, but the ServiceAccount may not read it: it learns nothing of it.
        var ready = _h.Condition(ConditionTypes.Ready)!;
        Assert.Equal(ConditionReasons.Forbidden, ready.Reason);
        Assert.DoesNotContain("shop/other", ready.Message, StringComparison.Ordinal);
        Assert.Contains(_h.Kube.Calls, c => c is { Verb: "get", Name: "settings", User: Deployer });
        Assert.Equal("theirs", _h.Kube.Find("v1", "ConfigMap", "shop", "settings")!.GetStringAt("data", "value"));
        Assert.NotNull(theirs);
    }
}
