using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Manifests.Rendering;
using NSubstitute;
using static GitOpsAgent.Core.Tests.Manifests.Rendering.TestManifests;

namespace GitOpsAgent.Core.Tests.Manifests.Rendering;

public class ManifestPostProcessorTests
{
    private static string NamespaceOf(IReadOnlyList<Manifest> result, string kind) => result.Single(m => m.Key.Kind == kind).Key.Namespace;

    [Fact]
    public void Process_NamespacedWithoutNamespace_GetsTheDestinationNamespace()
    {
        var result = ManifestPostProcessor.Process([Make("apps/v1", "Deployment", "web")], "team-a", BuiltinResourceScope.Instance);

        Assert.Equal("team-a", NamespaceOf(result, "Deployment"));
    }

    [Fact]
    public void Process_ExplicitNamespace_IsKept()
    {
        var result = ManifestPostProcessor.Process([Make("v1", "ConfigMap", "c", "other")], "team-a", BuiltinResourceScope.Instance);

        Assert.Equal("other", NamespaceOf(result, "ConfigMap"));
    }

    [Fact]
    public void Process_ClusterScoped_GetsNoNamespace()
    {
        var result = ManifestPostProcessor.Process(
            [Make("v1", "Namespace", "team-a"), Make("rbac.authorization.k8s.io/v1", "ClusterRole", "reader")], "team-a", BuiltinResourceScope.Instance);

        Assert.Equal("", NamespaceOf(result, "Namespace"));
        Assert.Equal("", NamespaceOf(result, "ClusterRole"));
        Assert.Null(result[0].Object.GetAt("metadata", "namespace"));
    }

    [Fact]
    public void Process_ClusterScopedThatNamesANamespace_LosesIt()
    {
        var result = ManifestPostProcessor.Process([Make("storage.k8s.io/v1", "StorageClass", "fast", "oops")], null, BuiltinResourceScope.Instance);

        Assert.Equal("", NamespaceOf(result, "StorageClass"));
    }

    [Fact]
    public void Process_NoDestinationNamespace_LeavesObjectsAsTheyAre()
    {
        var result = ManifestPostProcessor.Process([Make("v1", "ConfigMap", "c")], null, BuiltinResourceScope.Instance);

        Assert.Equal("", NamespaceOf(result, "ConfigMap"));
    }

    [Fact]
    public void Process_UnknownCustomResource_IsTreatedAsNamespaced()
    {
        var result = ManifestPostProcessor.Process([Make("example.com/v1", "Widget", "w")], "apps", BuiltinResourceScope.Instance);

        Assert.Equal("apps", NamespaceOf(result, "Widget"));
    }

    [Fact]
    public void Process_UnknownClusterPrefixedKind_IsTreatedAsClusterScoped()
    {
        var result = ManifestPostProcessor.Process([Make("cert-manager.io/v1", "ClusterIssuer", "letsencrypt")], "apps", BuiltinResourceScope.Instance);

        Assert.Equal("", NamespaceOf(result, "ClusterIssuer"));
    }

    [Fact]
    public void Process_RenderedCrd_DecidesTheScopeOfItsKind()
    {
        var crd = Make("apiextensions.k8s.io/v1", "CustomResourceDefinition", "tenants.example.com");
        crd.Object["spec"] = new JsonObject { ["group"] = "example.com", ["scope"] = "Cluster", ["names"] = new JsonObject { ["kind"] = "Tenant" } };

        var result = ManifestPostProcessor.Process([crd, Make("example.com/v1", "Tenant", "t1")], "apps", BuiltinResourceScope.Instance);

        Assert.Equal("", NamespaceOf(result, "Tenant"));
    }

    [Fact]
    public void Process_GivenScope_WinsOverConvention()
    {
        var scope = Substitute.For<IResourceScope>();
        scope.IsNamespaced("cert-manager.io", "ClusterIssuer").Returns(true);

        var result = ManifestPostProcessor.Process([Make("cert-manager.io/v1", "ClusterIssuer", "x")], "apps", scope);

        Assert.Equal("apps", NamespaceOf(result, "ClusterIssuer"));
    }

    [Fact]
    public void Process_Duplicate_ThrowsNamingBothSources()
    {
        Manifest[] input = [Make("v1", "ConfigMap", "c", "ns", "a.yaml", 3), Make("v1", "ConfigMap", "c", "ns", "sub/b.yaml", 12)];

        var ex = Assert.Throws<DuplicateManifestException>(() => ManifestPostProcessor.Process(input, null, BuiltinResourceScope.Instance));

        Assert.Contains("a.yaml:3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("sub/b.yaml:12", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ConfigMap ns/c", ex.Message, StringComparison.Ordinal);
        Assert.Equal(new ResourceKey("", "ConfigMap", "ns", "c"), ex.Key);
    }

    [Fact]
    public void Process_DuplicateOnlyAfterNamespaceDefaulting_Throws()
    {
        Manifest[] input = [Make("v1", "ConfigMap", "c", null, "a.yaml"), Make("v1", "ConfigMap", "c", "apps", "b.yaml")];

        Assert.Throws<DuplicateManifestException>(() => ManifestPostProcessor.Process(input, "apps", BuiltinResourceScope.Instance));
    }

    [Fact]
    public void Process_SameNameInDifferentNamespacesOrGroups_IsNoDuplicate()
    {
        Manifest[] input = [Make("v1", "ConfigMap", "c", "a"), Make("v1", "ConfigMap", "c", "b"), Make("example.com/v1", "ConfigMap", "c", "a")];

        Assert.Equal(3, ManifestPostProcessor.Process(input, null, BuiltinResourceScope.Instance).Count);
    }

    [Fact]
    public void Process_GenerateNameObjects_AreNoDuplicates()
    {
        var first = Make("batch/v1", "Job", "");
        var second = Make("batch/v1", "Job", "");

        Assert.Equal(2, ManifestPostProcessor.Process([first, second], "apps", BuiltinResourceScope.Instance).Count);
    }

    [Fact]
    public void Process_DoesNotChangeItsInput()
    {
        var input = Make("v1", "ConfigMap", "c");

        var result = ManifestPostProcessor.Process([input], "apps", BuiltinResourceScope.Instance);

        Assert.Null(input.Object.GetAt("metadata", "namespace"));
        Assert.NotSame(input.Object, result[0].Object);
        Assert.Equal(input.Source, result[0].Source);
    }

    [Fact]
    public void Process_Result_IsInApplyOrder()
    {
        var result = ManifestPostProcessor.Process([Make("apps/v1", "Deployment", "d"), Make("v1", "Namespace", "apps")], "apps", BuiltinResourceScope.Instance);

        Assert.Equal(["Namespace", "Deployment"], result.Select(m => m.Key.Kind));
    }
}
