namespace GitOpsAgent.TestApiServer.Protobuf;

/// <summary>
/// The messages kubectl's typed verbs send, with the field numbers of the upstream generated.proto files:
/// k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto (ObjectMeta, OwnerReference, ManagedFieldsEntry, LabelSelector),
/// k8s.io/api/core/v1/generated.proto (ConfigMap, Secret, Namespace, ServiceAccount, ObjectReference),
/// k8s.io/api/autoscaling/v1/generated.proto (Scale) and k8s.io/api/rbac/v1/generated.proto (Role, ClusterRole,
/// RoleBinding, ClusterRoleBinding), k8s.io/api/authorization/v1/generated.proto (SelfSubjectAccessReview,
/// SubjectAccessReview: what `kubectl auth can-i` sends). Only these kinds: a kind with a pod template or an IntOrString is not here.
/// Declared leaves first, since a message refers to the messages of its fields.
/// </summary>
public static class KubernetesMessages
{
    private static readonly ProtoMessage OwnerReference = new("OwnerReference",
        new(1, "kind", ProtoKind.Text),
        new(3, "name", ProtoKind.Text),
        new(4, "uid", ProtoKind.Text),
        new(5, "apiVersion", ProtoKind.Text),
        new(6, "controller", ProtoKind.Bool),
        new(7, "blockOwnerDeletion", ProtoKind.Bool));

    private static readonly ProtoMessage ManagedFieldsEntry = new("ManagedFieldsEntry",
        new(1, "manager", ProtoKind.Text),
        new(2, "operation", ProtoKind.Text),
        new(3, "apiVersion", ProtoKind.Text),
        new(4, "time", ProtoKind.Time),
        new(6, "fieldsType", ProtoKind.Text),
        new(7, "fieldsV1", ProtoKind.FieldsV1),
        new(8, "subresource", ProtoKind.Text));

    private static readonly ProtoMessage ObjectMeta = new("ObjectMeta",
        new(1, "name", ProtoKind.Text),
        new(2, "generateName", ProtoKind.Text),
        new(3, "namespace", ProtoKind.Text),
        new(4, "selfLink", ProtoKind.Text),
        new(5, "uid", ProtoKind.Text),
        new(6, "resourceVersion", ProtoKind.Text),
        new(7, "generation", ProtoKind.Int64),
        new(8, "creationTimestamp", ProtoKind.Time),
        new(9, "deletionTimestamp", ProtoKind.Time),
        new(10, "deletionGracePeriodSeconds", ProtoKind.Int64, KeepZero: true),
        new(11, "labels", ProtoKind.StringMap),
        new(12, "annotations", ProtoKind.StringMap),
        new(13, "ownerReferences", ProtoKind.Message, Repeated: true, Message: OwnerReference),
        new(14, "finalizers", ProtoKind.Text, Repeated: true),
        new(17, "managedFields", ProtoKind.Message, Repeated: true, Message: ManagedFieldsEntry));

    private static readonly ProtoMessage ConfigMap = new("ConfigMap",
        new(1, "metadata", ProtoKind.Message, Message: ObjectMeta),
        new(2, "data", ProtoKind.StringMap),
        new(3, "binaryData", ProtoKind.BytesMap),
        new(4, "immutable", ProtoKind.Bool));

    private static readonly ProtoMessage Secret = new("Secret",
        new(1, "metadata", ProtoKind.Message, Message: ObjectMeta),
        new(2, "data", ProtoKind.BytesMap),
        new(3, "type", ProtoKind.Text),
        new(4, "stringData", ProtoKind.StringMap),
        new(5, "immutable", ProtoKind.Bool));

    private static readonly ProtoMessage NamespaceSpec = new("NamespaceSpec", new ProtoField(1, "finalizers", ProtoKind.Text, Repeated: true));

    // Conditions (field 2) are the namespace controller's; a client creating a namespace does not send them.
    private static readonly ProtoMessage NamespaceStatus = new("NamespaceStatus", new ProtoField(1, "phase", ProtoKind.Text));

    private static readonly ProtoMessage Namespace = new("Namespace",
        new(1, "metadata", ProtoKind.Message, Message: ObjectMeta),
        new(2, "spec", ProtoKind.Message, Message: NamespaceSpec),
        new(3, "status", ProtoKind.Message, Message: NamespaceStatus));

    private static readonly ProtoMessage ObjectReference = new("ObjectReference",
        new(1, "kind", ProtoKind.Text),
        new(2, "namespace", ProtoKind.Text),
        new(3, "name", ProtoKind.Text),
        new(4, "uid", ProtoKind.Text),
        new(5, "apiVersion", ProtoKind.Text),
        new(6, "resourceVersion", ProtoKind.Text),
        new(7, "fieldPath", ProtoKind.Text));

    private static readonly ProtoMessage LocalObjectReference = new("LocalObjectReference", new ProtoField(1, "name", ProtoKind.Text));

    private static readonly ProtoMessage ServiceAccount = new("ServiceAccount",
        new(1, "metadata", ProtoKind.Message, Message: ObjectMeta),
        new(2, "secrets", ProtoKind.Message, Repeated: true, Message: ObjectReference),
        new(3, "imagePullSecrets", ProtoKind.Message, Repeated: true, Message: LocalObjectReference),
        new(4, "automountServiceAccountToken", ProtoKind.Bool));

    // Scaling to zero is a request, not an absent field.
    private static readonly ProtoMessage ScaleSpec = new("ScaleSpec", new ProtoField(1, "replicas", ProtoKind.Int32, KeepZero: true));

    private static readonly ProtoMessage ScaleStatus = new("ScaleStatus",
        new(1, "replicas", ProtoKind.Int32, KeepZero: true),
        new(2, "selector", ProtoKind.Text));

    private static readonly ProtoMessage Scale = new("Scale",
        new(1, "metadata", ProtoKind.Message, Message: ObjectMeta),
        new(2, "spec", ProtoKind.Message, Message: ScaleSpec),
        new(3, "status", ProtoKind.Message, Message: ScaleStatus));

    private static readonly ProtoMessage PolicyRule = new("PolicyRule",
        new(1, "verbs", ProtoKind.Text, Repeated: true),
        new(2, "apiGroups", ProtoKind.Text, Repeated: true),
        new(3, "resources", ProtoKind.Text, Repeated: true),
        new(4, "resourceNames", ProtoKind.Text, Repeated: true),
        new(5, "nonResourceURLs", ProtoKind.Text, Repeated: true));

    private static readonly ProtoMessage Role = new("Role",
        new(1, "metadata", ProtoKind.Message, Message: ObjectMeta),
        new(2, "rules", ProtoKind.Message, Repeated: true, Message: PolicyRule));

    private static readonly ProtoMessage LabelSelectorRequirement = new("LabelSelectorRequirement",
        new(1, "key", ProtoKind.Text),
        new(2, "operator", ProtoKind.Text),
        new(3, "values", ProtoKind.Text, Repeated: true));

    private static readonly ProtoMessage LabelSelector = new("LabelSelector",
        new(1, "matchLabels", ProtoKind.StringMap),
        new(2, "matchExpressions", ProtoKind.Message, Repeated: true, Message: LabelSelectorRequirement));

    private static readonly ProtoMessage AggregationRule = new("AggregationRule",
        new ProtoField(1, "clusterRoleSelectors", ProtoKind.Message, Repeated: true, Message: LabelSelector));

    private static readonly ProtoMessage ClusterRole = new("ClusterRole",
        new(1, "metadata", ProtoKind.Message, Message: ObjectMeta),
        new(2, "rules", ProtoKind.Message, Repeated: true, Message: PolicyRule),
        new(3, "aggregationRule", ProtoKind.Message, Message: AggregationRule));

    private static readonly ProtoMessage Subject = new("Subject",
        new(1, "kind", ProtoKind.Text),
        new(2, "apiGroup", ProtoKind.Text),
        new(3, "name", ProtoKind.Text),
        new(4, "namespace", ProtoKind.Text));

    private static readonly ProtoMessage RoleRef = new("RoleRef",
        new(1, "apiGroup", ProtoKind.Text),
        new(2, "kind", ProtoKind.Text),
        new(3, "name", ProtoKind.Text));

    // ClusterRoleBinding has the same fields with the same numbers.
    private static readonly ProtoMessage RoleBinding = new("RoleBinding",
        new(1, "metadata", ProtoKind.Message, Message: ObjectMeta),
        new(2, "subjects", ProtoKind.Message, Repeated: true, Message: Subject),
        new(3, "roleRef", ProtoKind.Message, Message: RoleRef));

    private static readonly ProtoMessage ResourceAttributes = new("ResourceAttributes",
        new(1, "namespace", ProtoKind.Text),
        new(2, "verb", ProtoKind.Text),
        new(3, "group", ProtoKind.Text),
        new(4, "version", ProtoKind.Text),
        new(5, "resource", ProtoKind.Text),
        new(6, "subresource", ProtoKind.Text),
        new(7, "name", ProtoKind.Text));

    private static readonly ProtoMessage NonResourceAttributes = new("NonResourceAttributes",
        new(1, "path", ProtoKind.Text),
        new(2, "verb", ProtoKind.Text));

    private static readonly ProtoMessage SelfSubjectAccessReviewSpec = new("SelfSubjectAccessReviewSpec",
        new(1, "resourceAttributes", ProtoKind.Message, Message: ResourceAttributes),
        new(2, "nonResourceAttributes", ProtoKind.Message, Message: NonResourceAttributes));

    // Field 5 (extra, a map of ExtraValue messages) is not read: RBAC does not look at extras.
    private static readonly ProtoMessage SubjectAccessReviewSpec = new("SubjectAccessReviewSpec",
        new(1, "resourceAttributes", ProtoKind.Message, Message: ResourceAttributes),
        new(2, "nonResourceAttributes", ProtoKind.Message, Message: NonResourceAttributes),
        new(3, "user", ProtoKind.Text),
        new(4, "groups", ProtoKind.Text, Repeated: true),
        new(6, "uid", ProtoKind.Text));

    // Status (field 3) is the server's answer; a request does not carry one.
    private static readonly ProtoMessage SelfSubjectAccessReview = new("SelfSubjectAccessReview",
        new(1, "metadata", ProtoKind.Message, Message: ObjectMeta),
        new(2, "spec", ProtoKind.Message, Message: SelfSubjectAccessReviewSpec));

    private static readonly ProtoMessage SubjectAccessReview = new("SubjectAccessReview",
        new(1, "metadata", ProtoKind.Message, Message: ObjectMeta),
        new(2, "spec", ProtoKind.Message, Message: SubjectAccessReviewSpec));

    /// <summary>The kinds whose protobuf bodies are understood, by (apiVersion, kind).</summary>
    public static IReadOnlyDictionary<(string ApiVersion, string Kind), ProtoMessage> ByKind { get; } = new Dictionary<(string, string), ProtoMessage>
    {
        [("v1", "ConfigMap")] = ConfigMap,
        [("v1", "Secret")] = Secret,
        [("v1", "Namespace")] = Namespace,
        [("v1", "ServiceAccount")] = ServiceAccount,
        [("autoscaling/v1", "Scale")] = Scale,
        [("rbac.authorization.k8s.io/v1", "Role")] = Role,
        [("rbac.authorization.k8s.io/v1", "ClusterRole")] = ClusterRole,
        [("rbac.authorization.k8s.io/v1", "RoleBinding")] = RoleBinding,
        [("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")] = RoleBinding,
        [("authorization.k8s.io/v1", "SelfSubjectAccessReview")] = SelfSubjectAccessReview,
        [("authorization.k8s.io/v1", "SubjectAccessReview")] = SubjectAccessReview,
    };
}
