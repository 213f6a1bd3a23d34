using System.Text.Json.Nodes;
using GitOpsAgent.Core.Health.Kinds;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health;

/// <summary>
/// The health of one live object. Order: an override that ignores the kind; an object being deleted is Progressing;
/// an override (a named condition, or CEL expressions); then the built-in check for its kind; every other kind goes
/// to the generic rules (<see cref="GenericHealth"/>).
/// </summary>
public static class HealthAssessor
{
    private static readonly Dictionary<(string Group, string Kind), Func<JsonObject, HealthResult>> BuiltIns = CreateBuiltIns();

    /// <summary>
    /// Null only when an override says to ignore the kind. <paramref name="kind"/> is what the cluster knows about the
    /// object's kind (from discovery or its CRD); without it an object with no status is Healthy.
    /// </summary>
    public static HealthResult? Assess(JsonObject obj, HealthOverrides? overrides = null, KindFacts? kind = null)
    {
        var group = obj.GetGroup();
        var kindName = obj.GetKind();
        var @override = overrides?.Find(group, kindName);
        if (@override is { Ignore: true })
        {
            return null;
        }

        if (obj.GetAt("metadata", "deletionTimestamp") is { } deletedAt)
        {
            return new(HealthStatus.Progressing, $"pending deletion since {deletedAt}");
        }

        if (@override?.Condition is { } condition)
        {
            return ConditionOverrideHealth.Assess(obj, condition);
        }

        if (@override?.Expressions is { } expressions)
        {
            return expressions.Evaluate(obj, @override.Label);
        }

        return BuiltIns.TryGetValue((group, kindName), out var assess) ? assess(obj) : GenericHealth.Assess(obj, kind ?? KindFacts.Unknown);
    }

    /// <summary>Whether the kind has a check of its own (otherwise the generic rules apply).</summary>
    public static bool HasBuiltInCheck(string group, string kind) => BuiltIns.ContainsKey((group, kind));

    private static Dictionary<(string Group, string Kind), Func<JsonObject, HealthResult>> CreateBuiltIns()
    {
        var map = new Dictionary<(string Group, string Kind), Func<JsonObject, HealthResult>>
        {
            [("apps", "Deployment")] = DeploymentHealth.Assess,
            [("extensions", "Deployment")] = DeploymentHealth.Assess,
            [("apps", "StatefulSet")] = StatefulSetHealth.Assess,
            [("apps", "DaemonSet")] = DaemonSetHealth.Assess,
            [("extensions", "DaemonSet")] = DaemonSetHealth.Assess,
            [("apps", "ReplicaSet")] = ReplicaSetHealth.Assess,
            [("extensions", "ReplicaSet")] = ReplicaSetHealth.Assess,
            [("", "Pod")] = PodHealth.Assess,
            [("batch", "Job")] = JobHealth.Assess,
            [("batch", "CronJob")] = CronJobHealth.Assess,
            [("", "Service")] = ServiceHealth.Assess,
            [("networking.k8s.io", "Ingress")] = IngressHealth.Assess,
            [("extensions", "Ingress")] = IngressHealth.Assess,
            [("", "PersistentVolumeClaim")] = PersistentVolumeClaimHealth.Assess,
            [("autoscaling", "HorizontalPodAutoscaler")] = HorizontalPodAutoscalerHealth.Assess,
            [("apiregistration.k8s.io", "APIService")] = ApiServiceHealth.Assess,
            [("apiextensions.k8s.io", "CustomResourceDefinition")] = CustomResourceDefinitionHealth.Assess,
            [("", "Namespace")] = NamespaceHealth.Assess,
            [("argoproj.io", "Application")] = ArgoApplicationHealth.Assess,
            [("cert-manager.io", "Certificate")] = CertManagerCertificateHealth.Assess,
        };
        foreach (var key in ConfigHealth.Kinds)
        {
            map[key] = ConfigHealth.Assess;
        }

        return map;
    }
}
