using System.Net;

namespace GitOpsAgent.TestApiServer.Tests.Authorization;

/// <summary>Impersonation headers: checked with the impersonate verb for the caller, then the request acts as the impersonated user.</summary>
public sealed class ImpersonationTests : ServerTestBase
{
    private static Dictionary<string, string> AsDeployer() => new() { ["Impersonate-User"] = RbacFixture.Deployer };

    [Fact]
    public async Task Impersonate_ServiceAccountTheCallerMayImpersonate_ActsWithTheServiceAccountsRights()
    {
        RbacFixture.Install(Server);
        using var controller = new ApiClient(Server.BaseAddress, RbacFixture.ControllerToken, AsDeployer());

        var (own, _) = await controller.GetAsync("/api/v1/namespaces/team-a/configmaps");
        var (other, body) = await controller.GetAsync("/api/v1/namespaces/team-b/configmaps");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden), (own, other));
        Assert.Contains("User \"system:serviceaccount:team-a:deployer\" cannot list", body.Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Impersonate_CallerWithoutTheImpersonateVerb_IsForbiddenNamingTheServiceAccount()
    {
        RbacFixture.Install(Server);
        using var alice = new ApiClient(Server.BaseAddress, RbacFixture.AliceToken, AsDeployer());

        var (status, body) = await alice.GetAsync("/api/v1/namespaces/team-a/configmaps");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("serviceaccounts \"deployer\" is forbidden: User \"alice\" cannot impersonate resource \"serviceaccounts\" in API group \"\" in the namespace \"team-a\"", body.Str("message"));
        Assert.Equal(("serviceaccounts", "deployer"), (body.Str("details", "kind"), body.Str("details", "name")));
    }

    [Fact]
    public async Task Impersonate_AdminActingAsAServiceAccount_HasOnlyTheServiceAccountsRights()
    {
        RbacFixture.Install(Server);
        using var admin = new ApiClient(Server.BaseAddress, headers: AsDeployer());

        var (status, _) = await admin.GetAsync("/api/v1/namespaces/team-b/configmaps");

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task Impersonate_ServiceAccountWithoutGroups_GetsItsNamespaceGroup()
    {
        RbacFixture.Install(Server);
        Server.Store.Put(Json.Obj("""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"all-team-a-accounts","namespace":"team-b"},"subjects":[{"kind":"Group","name":"system:serviceaccounts:team-a"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"namespace-reader"}}"""));
        using var controller = new ApiClient(Server.BaseAddress, RbacFixture.ControllerToken, AsDeployer());

        var (status, _) = await controller.GetAsync("/api/v1/namespaces/team-b");

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Impersonate_GroupsNeedTheImpersonateVerbOnGroups()
    {
        RbacFixture.Install(Server);
        using var controller = new ApiClient(Server.BaseAddress, RbacFixture.ControllerToken, new Dictionary<string, string> { ["Impersonate-User"] = RbacFixture.Deployer, ["Impersonate-Group"] = "system:masters" });

        var (status, body) = await controller.GetAsync("/api/v1/secrets");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("groups \"system:masters\" is forbidden: User \"system:serviceaccount:gitops:controller\" cannot impersonate resource \"groups\" in API group \"\" at the cluster scope", body.Str("message"));
    }

    [Fact]
    public async Task Impersonate_OneHeaderLinePerGroup_AreSeveralGroupsButACommaJoinedLineIsOne()
    {
        RbacFixture.Install(Server);
        Server.Store.Put(Json.Obj("""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"auditors","namespace":"team-b"},"subjects":[{"kind":"Group","name":"auditors"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"namespace-reader"}}"""));
        var path = "/api/v1/namespaces/team-b";

        var separateLines = await RawHttp.GetAsync(Server.BaseAddress, path, ("Impersonate-User", "bob"), ("Impersonate-Group", "viewers"), ("Impersonate-Group", "auditors"));
        var joinedLine = await RawHttp.GetAsync(Server.BaseAddress, path, ("Impersonate-User", "bob"), ("Impersonate-Group", "viewers, auditors"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden), (separateLines, joinedLine));
    }

    [Fact]
    public async Task Impersonate_GroupWithoutAUser_IsRefused()
    {
        using var admin = new ApiClient(Server.BaseAddress, headers: new Dictionary<string, string> { ["Impersonate-Group"] = "viewers" });

        var (status, body) = await admin.GetAsync("/api/v1/namespaces/default/configmaps");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Contains("without impersonating a user", body.Str("message"), StringComparison.Ordinal);
    }
}
