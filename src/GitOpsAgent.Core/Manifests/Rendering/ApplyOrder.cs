namespace GitOpsAgent.Core.Manifests.Rendering;

/// <summary>
/// The order objects are applied in: what others depend on first (namespaces, CRDs, identities and permissions,
/// configuration, storage, services), then workloads, then the rest, custom resources last. Within a phase the
/// <see cref="SyncWaveAnnotation"/> orders (lower first), then the key, so the order is deterministic.
/// Pruning goes the other way round.
/// </summary>
public static class ApplyOrder
{
    public const string SyncWaveAnnotation = "gitopsagent.io/sync-wave";

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

    /// <summary>The sync wave of an object: its annotation as an integer, 0 when absent or not an integer.</summary>
    public static int Wave(Manifest manifest) =>
        manifest.Object.GetAnnotation(SyncWaveAnnotation) is { } text
        && int.TryParse(text.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var wave)
            ? wave
            : 0;

    public static int Compare(Manifest left, Manifest right)
    {
        var leftKey = left.Key;
        var rightKey = right.Key;
        var c = Phase(leftKey).CompareTo(Phase(rightKey));
        if (c != 0) return c;
        c = Wave(left).CompareTo(Wave(right));
        return c != 0 ? c : leftKey.CompareTo(rightKey);
    }

    /// <summary>The apply order (a stable sort: objects with equal keys keep their input order).</summary>
    public static IReadOnlyList<Manifest> Sort(IEnumerable<Manifest> manifests) =>
        manifests
            .Select(m => (Manifest: m, Key: m.Key, Phase: Phase(m.Key), Wave: Wave(m)))
            .OrderBy(e => e.Phase)
            .ThenBy(e => e.Wave)
            .ThenBy(e => e.Key)
            .Select(e => e.Manifest)
            .ToList();

    /// <summary>The prune order: the apply order reversed, so workloads go before what they depend on.</summary>
    public static IReadOnlyList<Manifest> SortForPrune(IEnumerable<Manifest> manifests) => Sort(manifests).Reverse().ToList();
}
