using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>apps/ReplicaSet: generation observed, ReplicaFailure, then available replicas.</summary>
internal static class ReplicaSetHealth
{
    public static HealthResult Assess(JsonObject obj)
    {
        var generation = obj.GetInt64At("metadata", "generation") ?? 0;
        var observed = obj.GetInt64At("status", "observedGeneration") ?? 0;
        if (generation > observed)
        {
            return new(HealthStatus.Progressing, $"waiting for the controller to observe generation {generation}");
        }

        var failure = ObjectCondition.Find(ObjectCondition.ReadStatusConditions(obj), "ReplicaFailure");
        if (failure is { IsTrue: true })
        {
            return new(HealthStatus.Degraded, failure.Describe("replica failure"));
        }

        var desired = obj.GetInt64At("spec", "replicas") ?? 1;
        var available = obj.GetInt64At("status", "availableReplicas") ?? 0;
        return available < desired
            ? new(HealthStatus.Progressing, $"{available} of {desired} replicas available")
            : HealthResult.Healthy($"{available} of {desired} replicas available");
    }
}
