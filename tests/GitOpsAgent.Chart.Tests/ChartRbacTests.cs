using GitOpsAgent.Chart.Tests.Helm;
using GitOpsAgent.TestApiServer.Authorization;

namespace GitOpsAgent.Chart.Tests;

/// <summary>
/// What the chart's RBAC lets the controller's ServiceAccount do, judged by the test API server's RBAC authorizer
/// (the same rules a real server applies) over the rendered Roles and bindings: the default makes impersonation the
/// only path to power; rbac.scope=cluster is the broad opt-in.
/// </summary>
public sealed class ChartRbacTests
{
    private static readonly UserInfo Controller = UserInfo.ServiceAccount(ChartTemplate.ReleaseNamespace, ChartTemplate.ControllerServiceAccount);

    public static TheoryData<string, string, string, string, string, string, bool, bool> Requests() => new()
    {
        // verb, group, resource, namespace, name, what it is; allowed in impersonation scope, in cluster scope
        { "list", "apps", "deployments", "", "", "watch every kind it manages", true, true },
        { "get", "", "secrets", "team-a", "git-creds", "read a Git credentials Secret", true, true },
        { "patch", "gitopsagent.io", "applications/status", "team-a", "web", "write an Application's status", true, true },
        { "update", "gitopsagent.io", "applications/finalizers", "team-a", "web", "set the Application finalizer", true, true },
        { "list", "gitopsagent.io", "apppolicies", "", "", "watch AppPolicies", true, true },
        { "create", "", "events", "team-a", "", "record Events on Applications", true, true },
        { "update", "coordination.k8s.io", "leases", ChartTemplate.ReleaseNamespace, "ga-gitops-agent", "renew its Lease", true, true },
        { "impersonate", "", "serviceaccounts", "team-a", "deployer", "act as an Application's ServiceAccount", true, true },
        { "patch", "apps", "deployments", "team-a", "web", "apply a Deployment itself", false, true },
        { "delete", "", "configmaps", "team-a", "settings", "prune a ConfigMap itself", false, true },
        { "create", "rbac.authorization.k8s.io", "clusterrolebindings", "", "", "create a ClusterRoleBinding", false, true },
        { "create", "", "namespaces", "", "", "create a namespace", false, true },
        { "create", "gitopsagent.io", "apppolicies", "team-a", "", "write an AppPolicy", false, true },
        { "impersonate", "", "users", "", "admin", "impersonate a user", false, true },
        { "impersonate", "", "groups", "", "system:masters", "impersonate system:masters", false, true },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task ChartRbac_EachScope_AllowsTheControllerExactlyWhatItShould(string verb, string group, string resource, string ns, string name, string what, bool impersonation, bool cluster)
    {
        var subresource = resource.Contains('/', StringComparison.Ordinal) ? resource[(resource.IndexOf('/', StringComparison.Ordinal) + 1)..] : "";
        var request = RequestAttributes.ForResource(Controller, verb, group, resource.Split('/')[0], subresource, ns, name);

        var byDefault = await AuthorizeAsync(request);
        var byClusterScope = await AuthorizeAsync(request, "--set", "rbac.scope=cluster");

        Assert.True(impersonation == byDefault, $"default (impersonation) scope, {what}: expected allowed={impersonation}");
        Assert.True(cluster == byClusterScope, $"cluster scope, {what}: expected allowed={cluster}");
    }

    [Fact]
    public async Task ChartRbac_ImpersonationLimitedToNamedServiceAccounts_RefusesOthers()
    {
        string[] values = ["--set", "rbac.impersonation.serviceAccountNames={gitops-deployer}"];

        var named = await AuthorizeAsync(RequestAttributes.ForResource(Controller, "impersonate", "", "serviceaccounts", ns: "team-a", name: "gitops-deployer"), values);
        var other = await AuthorizeAsync(RequestAttributes.ForResource(Controller, "impersonate", "", "serviceaccounts", ns: "team-a", name: "admin"), values);

        Assert.True(named);
        Assert.False(other);
    }

    /// <summary>Renders the chart, stores its RBAC objects in a fresh test API server, and asks its authorizer.</summary>
    private static async Task<bool> AuthorizeAsync(RequestAttributes request, params string[] values)
    {
        var objects = await ChartTemplate.RenderAsync(values);
        await using var server = await TestApiServer.TestApiServer.StartAsync(ct: TestContext.Current.CancellationToken);
        foreach (var rbac in objects.Where(o => o["apiVersion"]?.GetValue<string>() == "rbac.authorization.k8s.io/v1"))
        {
            server.Store.Put(rbac);
        }

        return server.Authorizer.Authorize(request).Allowed;
    }
}
