namespace GitOpsAgent.Core.Manifests.Rendering;

/// <summary>
/// The scope of the kinds a Kubernetes API server serves without any CRD, so rendering can default namespaces
/// before (or without) asking a cluster. Kinds of other groups are unknown (null).
/// </summary>
public sealed class BuiltinResourceScope : IResourceScope
{
    private static readonly HashSet<(string Group, string Kind)> ClusterScoped =
    [
        ("", "Namespace"),
        ("", "Node"),
        ("", "PersistentVolume"),
        ("", "ComponentStatus"),
        ("rbac.authorization.k8s.io", "ClusterRole"),
        ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
        ("apiextensions.k8s.io", "CustomResourceDefinition"),
        ("apiregistration.k8s.io", "APIService"),
        ("scheduling.k8s.io", "PriorityClass"),
        ("networking.k8s.io", "IngressClass"),
        ("networking.k8s.io", "IPAddress"),
        ("networking.k8s.io", "ServiceCIDR"),
        ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"),
        ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"),
        ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"),
        ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"),
        ("admissionregistration.k8s.io", "MutatingAdmissionPolicy"),
        ("admissionregistration.k8s.io", "MutatingAdmissionPolicyBinding"),
        ("storage.k8s.io", "StorageClass"),
        ("storage.k8s.io", "CSIDriver"),
        ("storage.k8s.io", "CSINode"),
        ("storage.k8s.io", "VolumeAttachment"),
        ("storage.k8s.io", "VolumeAttributesClass"),
        ("node.k8s.io", "RuntimeClass"),
        ("certificates.k8s.io", "CertificateSigningRequest"),
        ("certificates.k8s.io", "ClusterTrustBundle"),
        ("flowcontrol.apiserver.k8s.io", "FlowSchema"),
        ("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"),
        ("policy", "PodSecurityPolicy"),
        ("resource.k8s.io", "DeviceClass"),
        ("resource.k8s.io", "ResourceSlice"),
        ("authentication.k8s.io", "TokenReview"),
        ("authentication.k8s.io", "SelfSubjectReview"),
        ("authorization.k8s.io", "SubjectAccessReview"),
        ("authorization.k8s.io", "SelfSubjectAccessReview"),
        ("authorization.k8s.io", "SelfSubjectRulesReview"),
        ("internal.apiserver.k8s.io", "StorageVersion"),
        ("storagemigration.k8s.io", "StorageVersionMigration"),
    ];

    /// <summary>Groups served by a plain API server; a kind of these groups that is not cluster-scoped above is namespaced.</summary>
    private static readonly HashSet<string> BuiltinGroups =
    [
        "", "apps", "batch", "autoscaling", "policy", "rbac.authorization.k8s.io", "networking.k8s.io", "storage.k8s.io",
        "apiextensions.k8s.io", "apiregistration.k8s.io", "admissionregistration.k8s.io", "scheduling.k8s.io", "node.k8s.io",
        "coordination.k8s.io", "discovery.k8s.io", "events.k8s.io", "certificates.k8s.io", "flowcontrol.apiserver.k8s.io",
        "resource.k8s.io", "authentication.k8s.io", "authorization.k8s.io", "internal.apiserver.k8s.io", "storagemigration.k8s.io",
        "extensions",
    ];

    private BuiltinResourceScope()
    {
    }

    public static BuiltinResourceScope Instance { get; } = new();

    /// <summary>Whether the group is one of Kubernetes' own; kinds of other groups are custom resources.</summary>
    public static bool IsBuiltinGroup(string group) => BuiltinGroups.Contains(group);

    public bool? IsNamespaced(string group, string kind)
    {
        if (ClusterScoped.Contains((group, kind)))
        {
            return false;
        }

        return BuiltinGroups.Contains(group) ? true : null;
    }
}
