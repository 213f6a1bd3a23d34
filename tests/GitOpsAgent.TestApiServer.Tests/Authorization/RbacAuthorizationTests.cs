using System.Net;

namespace GitOpsAgent.TestApiServer.Tests.Authorization;

/// <summary>Every request is authorized with the RBAC objects stored in the server, as a real API server does.</summary>
public sealed class RbacAuthorizationTests : ServerTestBase
{
    private const string ApplyPatch = "application/apply-patch+yaml";
    private const string ConfigMap = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"a":"1"}}""";

    public static TheoryData<string, string, string, HttpStatusCode> DeployerRequests() => new()
    {
        { "GET", "/api/v1/namespaces/team-a/configmaps", "", HttpStatusCode.OK },
        { "GET", "/api/v1/namespaces/team-b/configmaps", "", HttpStatusCode.Forbidden },
        { "GET", "/api/v1/configmaps", "", HttpStatusCode.Forbidden },
        { "PATCH", "/api/v1/namespaces/team-a/configmaps/settings?fieldManager=t", ConfigMap, HttpStatusCode.Created },
        { "PATCH", "/api/v1/namespaces/team-b/configmaps/settings?fieldManager=t&dryRun=All", ConfigMap, HttpStatusCode.Forbidden },
        { "PUT", "/api/v1/namespaces/team-a/configmaps/settings", ConfigMap, HttpStatusCode.Forbidden },
        { "GET", "/api/v1/namespaces/team-a/secrets/app-creds", "", HttpStatusCode.NotFound },
        { "GET", "/api/v1/namespaces/team-a/secrets/other", "", HttpStatusCode.Forbidden },
        { "GET", "/api/v1/namespaces/team-a/secrets", "", HttpStatusCode.Forbidden },
        { "GET", "/apis/apps/v1/namespaces/team-a/deployments/web/status", "", HttpStatusCode.NotFound },
        { "GET", "/apis/apps/v1/namespaces/team-a/deployments/web/scale", "", HttpStatusCode.Forbidden },
        { "GET", "/api/v1/namespaces/team-a", "", HttpStatusCode.OK },
        { "GET", "/api/v1/namespaces/team-b", "", HttpStatusCode.Forbidden },
        { "POST", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"x"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cluster-admin"}}""", HttpStatusCode.Forbidden },
        { "GET", "/api", "", HttpStatusCode.OK },
        { "GET", "/apis/apps/v1", "", HttpStatusCode.OK },
        { "GET", "/version", "", HttpStatusCode.OK },
        { "GET", "/metrics", "", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(DeployerRequests))]
    public async Task Request_AsTeamAsServiceAccount_IsAllowedExactlyWhereItsRolesSay(string method, string path, string body, HttpStatusCode expected)
    {
        RbacFixture.Install(Server);
        using var deployer = new ApiClient(Server.BaseAddress, RbacFixture.DeployerToken);

        var (status, answer) = await deployer.SendAsync(new HttpMethod(method), path, body.Length == 0 ? null : body, method == "PATCH" ? ApplyPatch : "application/json");

        Assert.True(expected == status, $"{method} {path}: {status} {answer.ToJsonString()}");
    }

    [Fact]
    public async Task Request_Forbidden_AnswersTheRealServersStatus()
    {
        RbacFixture.Install(Server);
        using var deployer = new ApiClient(Server.BaseAddress, RbacFixture.DeployerToken);

        var (listStatus, list) = await deployer.GetAsync("/api/v1/namespaces/team-b/configmaps");
        var (_, cluster) = await deployer.SendAsync(HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", "{}", "application/json");
        var (_, named) = await deployer.SendAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/team-b/deployments/web?fieldManager=t", "{}", ApplyPatch);
        var (_, path) = await deployer.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Forbidden, listStatus);
        Assert.Equal(("Failure", "Forbidden", 403L), (list.Str("status"), list.Str("reason"), list.At("code")!.GetValue<long>()));
        Assert.Equal("configmaps is forbidden: User \"system:serviceaccount:team-a:deployer\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"team-b\"", list.Str("message"));
        Assert.Equal("""{"group":"","kind":"configmaps"}""", list.At("details")!.ToJsonString());
        Assert.Equal("clusterrolebindings.rbac.authorization.k8s.io is forbidden: User \"system:serviceaccount:team-a:deployer\" cannot create resource \"clusterrolebindings\" in API group \"rbac.authorization.k8s.io\" at the cluster scope", cluster.Str("message"));
        Assert.Equal("deployments.apps \"web\" is forbidden: User \"system:serviceaccount:team-a:deployer\" cannot patch resource \"deployments\" in API group \"apps\" in the namespace \"team-b\"", named.Str("message"));
        Assert.Equal("web", named.Str("details", "name"));
        Assert.Equal("forbidden: User \"system:serviceaccount:team-a:deployer\" cannot get path \"/metrics\"", path.Str("message"));
    }

    [Fact]
    public async Task Request_UnknownToken_IsUnauthorized()
    {
        using var stranger = new ApiClient(Server.BaseAddress, "nobody-registered-this");

        var (status, body) = await stranger.GetAsync("/api/v1/namespaces/default/configmaps");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(("Unauthorized", "Unauthorized"), (body.Str("reason"), body.Str("message")));
    }

    [Fact]
    public async Task Request_AdminTokenOrNone_IsAllowedEverything()
    {
        RbacFixture.Install(Server);
        using var admin = new ApiClient(Server.BaseAddress, "test-token");

        var (withToken, _) = await admin.GetAsync("/api/v1/secrets");
        var (without, _) = await Api.GetAsync("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (withToken, without));
    }

    [Fact]
    public async Task Request_RoleDeletedUnderItsBinding_IsForbiddenNamingTheMissingRole()
    {
        RbacFixture.Install(Server);
        using var deployer = new ApiClient(Server.BaseAddress, RbacFixture.DeployerToken);
        var (before, _) = await deployer.GetAsync("/api/v1/namespaces/team-a/configmaps");

        Server.Store.Delete("rbac.authorization.k8s.io/v1", "Role", "team-a", "deployer");
        var (after, body) = await deployer.GetAsync("/api/v1/namespaces/team-a/configmaps");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden), (before, after));
        Assert.Equal("configmaps is forbidden: User \"system:serviceaccount:team-a:deployer\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"team-a\": RBAC: role.rbac.authorization.k8s.io \"deployer\" not found", body.Str("message"));
    }

    [Fact]
    public async Task Request_UserInAGroupBoundToAnAggregatedClusterRole_GetsTheRulesOfTheRolesItSelects()
    {
        RbacFixture.Install(Server);
        using var alice = new ApiClient(Server.BaseAddress, RbacFixture.AliceToken);

        var (deployments, _) = await alice.GetAsync("/apis/apps/v1/namespaces/team-b/deployments");
        var (configMaps, _) = await alice.GetAsync("/api/v1/namespaces/team-b/configmaps");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden), (deployments, configMaps));
    }

    [Fact]
    public async Task Request_ClusterRoleBindingToAServiceAccount_AppliesInEveryNamespaceAndAtTheClusterScope()
    {
        RbacFixture.Install(Server);
        Server.Store.Put(Json.Obj("""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"deployer-reads-namespaces"},"subjects":[{"kind":"ServiceAccount","name":"deployer","namespace":"team-a"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"namespace-reader"}}"""));
        using var deployer = new ApiClient(Server.BaseAddress, RbacFixture.DeployerToken);

        var (teamB, _) = await deployer.GetAsync("/api/v1/namespaces/team-b");
        var (all, _) = await deployer.GetAsync("/api/v1/namespaces");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden), (teamB, all));
    }
}
