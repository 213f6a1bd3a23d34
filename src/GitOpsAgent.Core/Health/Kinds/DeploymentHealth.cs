using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>apps/Deployment: paused, generation observed, deadline exceeded, then the rollout's replica counts.</summary>
internal static class DeploymentHealth
{
    public static HealthResult Assess(JsonObject obj)
    {
        if (obj.GetBoolAt("spec", "paused") == true)
        {
            return new(HealthStatus.Suspended, "Deployment is paused");
        }

        var generation = obj.GetInt64At("metadata", "generation") ?? 0;
        var observed = obj.GetInt64At("status", "observedGeneration") ?? 0;
        if (generation > observed)
        {
            return new(HealthStatus.Progressing, $"waiting for the controller to observe generation {generation}");
        }

        var progressing = ObjectCondition.Find(ObjectCondition.ReadStatusConditions(obj), "Progressing");
        if (progressing?.Reason == "ProgressDeadlineExceeded")
        {
            return new(HealthStatus.Degraded, progressing.Describe("progress deadline exceeded"));
        }

        var desired = obj.GetInt64At("spec", "replicas") ?? 1;
        var replicas = obj.GetInt64At("status", "replicas") ?? 0;
        var updated = obj.GetInt64At("status", "updatedReplicas") ?? 0;
        var available = obj.GetInt64At("status", "availableReplicas") ?? 0;
        if (updated < desired)
        {
            return new(HealthStatus.Progressing, $"{updated} of {desired} replicas updated");
        }

        if (replicas > updated)
        {
            return new(HealthStatus.Progressing, $"{replicas - updated} old replicas pending termination");
        }

        if (available < updated)
        {
            return new(HealthStatus.Progressing, $"{available} of {updated} replicas available");
        }

        return HealthResult.Healthy($"{available} of {desired} replicas available");
    }
}
