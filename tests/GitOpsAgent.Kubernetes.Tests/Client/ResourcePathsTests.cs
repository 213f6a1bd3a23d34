namespace GitOpsAgent.Kubernetes.Tests.Client;

public class ResourcePathsTests
{
    private static readonly ApiResource Pods = new("", "v1", "Pod", "pods", true, ["get"], ["status"]);
    private static readonly ApiResource Deployments = new("apps", "v1", "Deployment", "deployments", true, ["get"], []);
    private static readonly ApiResource Namespaces = new("", "v1", "Namespace", "namespaces", false, ["get"], []);
    private static readonly ApiResource ClusterRoles = new("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, ["get"], []);

    [Fact]
    public void Build_CoreNamespacedObject_UsesApiPrefixAndNamespace() =>
        Assert.Equal("/api/v1/namespaces/team-a/pods/web-0", ResourcePaths.Build(Pods, "team-a", "web-0"));

    [Fact]
    public void Build_GroupNamespacedSubresource_UsesApisPrefix() =>
        Assert.Equal("/apis/apps/v1/namespaces/prod/deployments/web/status", ResourcePaths.Build(Deployments, "prod", "web", "status"));

    [Fact]
    public void Build_NamespacedCollectionWithoutNamespace_AddressesAllNamespaces() =>
        Assert.Equal("/apis/apps/v1/deployments", ResourcePaths.Build(Deployments, null, null));

    [Fact]
    public void Build_ClusterScopedKind_IgnoresNamespace()
    {
        Assert.Equal("/api/v1/namespaces/team-a", ResourcePaths.Build(Namespaces, "ignored", "team-a"));
        Assert.Equal("/apis/rbac.authorization.k8s.io/v1/clusterroles/admin", ResourcePaths.Build(ClusterRoles, "ignored", "admin"));
    }

    [Fact]
    public void WithQuery_SelectorsWithSpecialCharacters_AreEscapedAndNullsSkipped()
    {
        var path = ResourcePaths.WithQuery("/api/v1/pods", ResourcePaths.ListQuery(new ListOptions(LabelSelector: "app in (web,api),tier!=db", Limit: 10, Continue: "a+b/c="), watch: false));
        Assert.Equal("/api/v1/pods?labelSelector=app%20in%20%28web%2Capi%29%2Ctier%21%3Ddb&limit=10&continue=a%2Bb%2Fc%3D", path);
    }

    [Fact]
    public void ListQuery_Watch_SendsWatchBookmarksAndResourceVersionButNoPaging()
    {
        var path = ResourcePaths.WithQuery("/x", ResourcePaths.ListQuery(new ListOptions(Limit: 5, Continue: "c", ResourceVersion: "42", TimeoutSeconds: 60), watch: true));
        Assert.Equal("/x?resourceVersion=42&watch=true&allowWatchBookmarks=true&timeoutSeconds=60", path);
    }
}
