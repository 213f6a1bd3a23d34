namespace GitOpsAgent.TestApiServer.Discovery;

/// <summary>The built-in kinds this server serves (a subset of a real cluster's).</summary>
internal static class BuiltinResources
{
    public static IReadOnlyList<ResourceType> All { get; } =
    [
        new("", "v1", "Namespace", "namespaces", "namespace", false, HasStatus: true, ShortNames: ["ns"]),
        new("", "v1", "ConfigMap", "configmaps", "configmap", true, ShortNames: ["cm"]),
        new("", "v1", "Secret", "secrets", "secret", true),
        new("", "v1", "Service", "services", "service", true, HasStatus: true, ShortNames: ["svc"], Categories: ["all"]),
        new("", "v1", "ServiceAccount", "serviceaccounts", "serviceaccount", true, ShortNames: ["sa"]),
        new("", "v1", "Pod", "pods", "pod", true, HasStatus: true, ShortNames: ["po"], Categories: ["all"]),
        new("", "v1", "Event", "events", "event", true, ShortNames: ["ev"]),
        new("", "v1", "Endpoints", "endpoints", "endpoints", true, ShortNames: ["ep"]),
        new("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim", true, HasStatus: true, ShortNames: ["pvc"]),
        new("apps", "v1", "Deployment", "deployments", "deployment", true, HasStatus: true, HasScale: true, ShortNames: ["deploy"], Categories: ["all"]),
        new("apps", "v1", "ReplicaSet", "replicasets", "replicaset", true, HasStatus: true, HasScale: true, ShortNames: ["rs"], Categories: ["all"]),
        new("apps", "v1", "StatefulSet", "statefulsets", "statefulset", true, HasStatus: true, HasScale: true, ShortNames: ["sts"], Categories: ["all"]),
        new("apps", "v1", "DaemonSet", "daemonsets", "daemonset", true, HasStatus: true, ShortNames: ["ds"], Categories: ["all"]),
        new("batch", "v1", "Job", "jobs", "job", true, HasStatus: true, Categories: ["all"]),
        new("batch", "v1", "CronJob", "cronjobs", "cronjob", true, HasStatus: true, ShortNames: ["cj"], Categories: ["all"]),
        new("networking.k8s.io", "v1", "Ingress", "ingresses", "ingress", true, HasStatus: true, ShortNames: ["ing"]),
        new("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", "networkpolicy", true, ShortNames: ["netpol"]),
        new("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", "horizontalpodautoscaler", true, HasStatus: true, ShortNames: ["hpa"], Categories: ["all"]),
        new("rbac.authorization.k8s.io", "v1", "Role", "roles", "role", true),
        new("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", "clusterrole", false),
        new("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", "rolebinding", true),
        new("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", "clusterrolebinding", false),
        new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", "customresourcedefinition", false, HasStatus: true, ShortNames: ["crd", "crds"]),
        new("coordination.k8s.io", "v1", "Lease", "leases", "lease", true),
        new("events.k8s.io", "v1", "Event", "events", "event", true, ShortNames: ["ev"]),
        new("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", "poddisruptionbudget", true, HasStatus: true, ShortNames: ["pdb"]),
        new("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", "selfsubjectaccessreview", false, Verbs: ["create"]),
        new("authorization.k8s.io", "v1", "SubjectAccessReview", "subjectaccessreviews", "subjectaccessreview", false, Verbs: ["create"]),
    ];
}
