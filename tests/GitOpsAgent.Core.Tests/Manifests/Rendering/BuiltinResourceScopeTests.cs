using GitOpsAgent.Core.Manifests.Rendering;

namespace GitOpsAgent.Core.Tests.Manifests.Rendering;

public class BuiltinResourceScopeTests
{
    [Theory]
    [InlineData("", "Namespace")]
    [InlineData("", "Node")]
    [InlineData("", "PersistentVolume")]
    [InlineData("storage.k8s.io", "StorageClass")]
    [InlineData("rbac.authorization.k8s.io", "ClusterRole")]
    [InlineData("rbac.authorization.k8s.io", "ClusterRoleBinding")]
    [InlineData("apiextensions.k8s.io", "CustomResourceDefinition")]
    [InlineData("apiregistration.k8s.io", "APIService")]
    [InlineData("scheduling.k8s.io", "PriorityClass")]
    [InlineData("networking.k8s.io", "IngressClass")]
    [InlineData("admissionregistration.k8s.io", "MutatingWebhookConfiguration")]
    [InlineData("admissionregistration.k8s.io", "ValidatingWebhookConfiguration")]
    [InlineData("storage.k8s.io", "CSIDriver")]
    [InlineData("node.k8s.io", "RuntimeClass")]
    public void IsNamespaced_ClusterScopedBuiltin_ReturnsFalse(string group, string kind)
    {
        Assert.False(BuiltinResourceScope.Instance.IsNamespaced(group, kind));
    }

    [Theory]
    [InlineData("", "ConfigMap")]
    [InlineData("", "Service")]
    [InlineData("", "ServiceAccount")]
    [InlineData("apps", "Deployment")]
    [InlineData("batch", "CronJob")]
    [InlineData("rbac.authorization.k8s.io", "Role")]
    [InlineData("networking.k8s.io", "Ingress")]
    [InlineData("autoscaling", "HorizontalPodAutoscaler")]
    [InlineData("policy", "PodDisruptionBudget")]
    public void IsNamespaced_NamespacedBuiltin_ReturnsTrue(string group, string kind)
    {
        Assert.True(BuiltinResourceScope.Instance.IsNamespaced(group, kind));
    }

    [Theory]
    [InlineData("cert-manager.io", "Certificate")]
    [InlineData("cert-manager.io", "ClusterIssuer")]
    [InlineData("example.com", "Namespace")]
    public void IsNamespaced_CustomResource_ReturnsNull(string group, string kind)
    {
        Assert.Null(BuiltinResourceScope.Instance.IsNamespaced(group, kind));
    }
}
