using System.Net.Http.Headers;

namespace GitOpsAgent.Kubernetes.Tests.Client;

public class RequestInfoTests
{
    [Theory]
    [InlineData("GET", "/api/", "get", "discovery")]
    [InlineData("GET", "/apis/apps/v1", "get", "discovery")]
    [InlineData("GET", "/api/v1/namespaces/prod/pods/web-0", "get", "pods")]
    [InlineData("GET", "/api/v1/namespaces/prod/pods?labelSelector=a%3Db", "list", "pods")]
    [InlineData("GET", "/apis/apps/v1/deployments?allowWatchBookmarks=true&watch=true", "watch", "deployments")]
    [InlineData("GET", "/api/v1/namespaces/team-a", "get", "namespaces")]
    [InlineData("PUT", "/api/v1/namespaces/team-a/finalize", "update", "namespaces")]
    [InlineData("GET", "/api/v1/namespaces", "list", "namespaces")]
    [InlineData("POST", "/apis/gitopsagent.io/v1alpha1/namespaces/prod/applications", "create", "applications")]
    [InlineData("PUT", "/apis/coordination.k8s.io/v1/namespaces/gitops/leases/leader", "update", "leases")]
    [InlineData("PATCH", "/apis/apps/v1/namespaces/prod/deployments/web/status", "patch", "deployments")]
    [InlineData("DELETE", "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin", "delete", "clusterroles")]
    [InlineData("DELETE", "/api/v1/namespaces/prod/configmaps", "deletecollection", "configmaps")]
    public void Of_Request_ReadsVerbAndResource(string method, string pathAndQuery, string verb, string resource)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri("https://k8s.test" + pathAndQuery));

        Assert.Equal(new RequestInfo(verb, resource), RequestInfo.Of(request));
    }

    [Fact]
    public void Of_PatchWithApplyContentType_IsApply()
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, "https://k8s.test/api/v1/namespaces/prod/configmaps/c")
        {
            Content = new StringContent("{}"),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/apply-patch+yaml; charset=utf-8");

        Assert.Equal(new RequestInfo("apply", "configmaps"), RequestInfo.Of(request));
    }
}
