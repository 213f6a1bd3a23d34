using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Sync;

/// <summary>
/// The apply phase of a kind (namespaces and definitions first, workloads later, webhooks last); prunes run from the
/// highest phase down, so workloads go before the namespace and the CRD that hold them.
/// </summary>
public static class PruneOrder
{
    private static readonly Dictionary<string, int> Phases = new(StringComparer.Ordinal)
    {
        ["Namespace"] = 0,
        ["CustomResourceDefinition"] = 1,
        ["PodSecurityPolicy"] = 2,
        ["PriorityClass"] = 2,
        ["StorageClass"] = 2,
        ["ResourceQuota"] = 3,
        ["LimitRange"] = 3,
        ["NetworkPolicy"] = 3,
        ["ServiceAccount"] = 4,
        ["Secret"] = 5,
        ["ConfigMap"] = 5,
        ["PersistentVolume"] = 6,
        ["PersistentVolumeClaim"] = 6,
        ["ClusterRole"] = 7,
        ["ClusterRoleBinding"] = 8,
        ["Role"] = 7,
        ["RoleBinding"] = 8,
        ["Service"] = 9,
        ["DaemonSet"] = 10,
        ["Pod"] = 10,
        ["ReplicaSet"] = 10,
        ["Deployment"] = 10,
        ["StatefulSet"] = 10,
        ["Job"] = 10,
        ["CronJob"] = 10,
        ["HorizontalPodAutoscaler"] = 11,
        ["Ingress"] = 11,
        ["PodDisruptionBudget"] = 11,
        ["APIService"] = 12,
        ["MutatingWebhookConfiguration"] = 13,
        ["ValidatingWebhookConfiguration"] = 13,
    };

    /// <summary>Unknown kinds (custom resources) sit after the built-in workloads, before webhooks.</summary>
    public static int ApplyPhase(ResourceKey key) => Phases.GetValueOrDefault(key.Kind, 12);

    /// <summary>Reverse apply order: highest phase first, then by key for a stable plan.</summary>
    public static IEnumerable<T> ForPruning<T>(IEnumerable<T> items, Func<T, ResourceKey> keyOf, Func<ResourceKey, int>? phase = null)
    {
        var phaseOf = phase ?? ApplyPhase;
        return items.OrderByDescending(i => phaseOf(keyOf(i))).ThenBy(keyOf);
    }
}
