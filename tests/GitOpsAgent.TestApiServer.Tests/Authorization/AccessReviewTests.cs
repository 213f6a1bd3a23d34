using System.Net;

namespace GitOpsAgent.TestApiServer.Tests.Authorization;

/// <summary>SelfSubjectAccessReview and SubjectAccessReview answer what the authorizer would decide, without storing anything.</summary>
public sealed class AccessReviewTests : ServerTestBase
{
    private const string Reviews = "/apis/authorization.k8s.io/v1/";

    private static string SelfReview(string ns, string verb, string group, string resource) => new System.Text.Json.Nodes.JsonObject
    {
        ["apiVersion"] = "authorization.k8s.io/v1",
        ["kind"] = "SelfSubjectAccessReview",
        ["spec"] = new System.Text.Json.Nodes.JsonObject
        {
            ["resourceAttributes"] = new System.Text.Json.Nodes.JsonObject { ["namespace"] = ns, ["verb"] = verb, ["group"] = group, ["resource"] = resource },
        },
    }.ToJsonString();

    [Theory]
    [InlineData("team-a", "create", "", "configmaps", true)]
    [InlineData("team-b", "create", "", "configmaps", false)]
    [InlineData("", "create", "rbac.authorization.k8s.io", "clusterrolebindings", false)]
    [InlineData("team-a", "update", "apps", "deployments", true)]
    public async Task SelfSubjectAccessReview_AsTheServiceAccount_AnswersWhetherItMay(string ns, string verb, string group, string resource, bool allowed)
    {
        RbacFixture.Install(Server);
        using var deployer = new ApiClient(Server.BaseAddress, RbacFixture.DeployerToken);

        var (status, review) = await deployer.SendAsync(HttpMethod.Post, Reviews + "selfsubjectaccessreviews", SelfReview(ns, verb, group, resource), "application/json");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(allowed, review.At("status", "allowed")!.GetValue<bool>());
        Assert.Equal(resource, review.Str("spec", "resourceAttributes", "resource"));
    }

    [Fact]
    public async Task SubjectAccessReview_ForAUserAndGroups_AnswersForThemAndNeedsItsOwnRight()
    {
        RbacFixture.Install(Server);
        const string Review = """{"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"user":"bob","groups":["viewers"],"resourceAttributes":{"namespace":"team-b","verb":"list","group":"apps","resource":"deployments"}}}""";
        using var deployer = new ApiClient(Server.BaseAddress, RbacFixture.DeployerToken);

        var (status, review) = await Api.SendAsync(HttpMethod.Post, Reviews + "subjectaccessreviews", Review, "application/json");
        var (refused, _) = await deployer.SendAsync(HttpMethod.Post, Reviews + "subjectaccessreviews", Review, "application/json");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.True(review.At("status", "allowed")!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Forbidden, refused);
    }

    [Fact]
    public async Task SelfSubjectAccessReview_NonResourcePath_AndMissingRole_GiveTheirAnswers()
    {
        RbacFixture.Install(Server);
        Server.Store.Delete("rbac.authorization.k8s.io/v1", "Role", "team-a", "deployer");
        using var deployer = new ApiClient(Server.BaseAddress, RbacFixture.DeployerToken);

        var (_, path) = await deployer.SendAsync(HttpMethod.Post, Reviews + "selfsubjectaccessreviews", """{"spec":{"nonResourceAttributes":{"path":"/version","verb":"get"}}}""", "application/json");
        var (_, missing) = await deployer.SendAsync(HttpMethod.Post, Reviews + "selfsubjectaccessreviews", SelfReview("team-a", "get", "", "configmaps"), "application/json");

        Assert.True(path.At("status", "allowed")!.GetValue<bool>());
        Assert.False(missing.At("status", "allowed")!.GetValue<bool>());
        Assert.Equal("RBAC: role.rbac.authorization.k8s.io \"deployer\" not found", missing.Str("status", "reason"));
    }

    [Fact]
    public async Task AccessReview_AnythingButCreate_IsMethodNotAllowed_AndNothingIsStored()
    {
        await Api.SendAsync(HttpMethod.Post, Reviews + "selfsubjectaccessreviews", SelfReview("default", "get", "", "pods"), "application/json");

        var (status, _) = await Api.GetAsync(Reviews + "selfsubjectaccessreviews");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
    }
}
