using GitOpsAgent.Core.Sync;

namespace GitOpsAgent.Core.Manifests.Rendering;

/// <summary>
/// The order objects are applied in: by sync stage first (a chart's crds/, then PreSync hooks, the waves of the Sync
/// phase, PostSync and SyncFail hooks; <see cref="SyncStage"/>), then within a stage what others depend on first
/// (namespaces, CRDs, identities and permissions, configuration, storage, services), then workloads, then the rest,
/// custom resources last, then the key, so the order is deterministic. Pruning goes the other way round.
/// </summary>
public static class ApplyOrder
{
    private const string Rbac = "rbac.authorization.k8s.io";

    public static int Phase(ResourceKey key) => (key.Group, key.Kind) switch
    {
        ("", "Namespace") => 0,
        ("apiextensions.k8s.io", "CustomResourceDefinition") => 1,
        ("", "ServiceAccount") => 2,
        (Rbac, "ClusterRole" or "Role") => 3,
        (Rbac, "ClusterRoleBinding" or "RoleBinding") => 4,
        ("", "ConfigMap" or "Secret") => 5,
        ("storage.k8s.io", "StorageClass") or ("", "PersistentVolume" or "PersistentVolumeClaim") => 6,
        ("", "Service") => 7,
        ("apps", "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet")
            or ("batch", "Job" or "CronJob")
            or ("", "Pod" or "ReplicationController") => 8,
        _ when BuiltinResourceScope.IsBuiltinGroup(key.Group) => 9,
        _ => 10,
    };

    public static int Compare(Manifest left, Manifest right)
    {
        var c = SyncStage.Of(left).CompareTo(SyncStage.Of(right));
        if (c != 0) return c;
        var leftKey = left.Key;
        var rightKey = right.Key;
        c = Phase(leftKey).CompareTo(Phase(rightKey));
        return c != 0 ? c : leftKey.CompareTo(rightKey);
    }

    /// <summary>The apply order (a stable sort: objects with equal keys keep their input order).</summary>
    public static IReadOnlyList<Manifest> Sort(IEnumerable<Manifest> manifests) =>
        manifests
            .Select(m => (Manifest: m, Key: m.Key, Stage: SyncStage.Of(m), Phase: Phase(m.Key)))
            .OrderBy(e => e.Stage)
            .ThenBy(e => e.Phase)
            .ThenBy(e => e.Key)
            .Select(e => e.Manifest)
            .ToList();

    /// <summary>The prune order: the apply order reversed, so workloads go before what they depend on.</summary>
    public static IReadOnlyList<Manifest> SortForPrune(IEnumerable<Manifest> manifests) => Sort(manifests).Reverse().ToList();
}
