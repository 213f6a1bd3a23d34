using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>apps/DaemonSet: generation observed, then updated and available pods against the desired count.</summary>
internal static class DaemonSetHealth
{
    public static HealthResult Assess(JsonObject obj)
    {
        var generation = obj.GetInt64At("metadata", "generation") ?? 0;
        var observed = obj.GetInt64At("status", "observedGeneration") ?? 0;
        if (generation > observed)
        {
            return new(HealthStatus.Progressing, $"waiting for the controller to observe generation {generation}");
        }

        var desired = obj.GetInt64At("status", "desiredNumberScheduled") ?? 0;
        var updated = obj.GetInt64At("status", "updatedNumberScheduled") ?? 0;
        var available = obj.GetInt64At("status", "numberAvailable") ?? 0;
        if (obj.GetStringAt("spec", "updateStrategy", "type") == "OnDelete")
        {
            // Old pods stay until deleted by hand; that is the chosen strategy, not a stuck rollout.
            return HealthResult.Healthy($"{available} of {desired} pods available (OnDelete update strategy)");
        }

        if (updated < desired)
        {
            return new(HealthStatus.Progressing, $"{updated} of {desired} pods updated");
        }

        if (available < desired)
        {
            return new(HealthStatus.Progressing, $"{available} of {desired} pods available");
        }

        return HealthResult.Healthy($"{available} of {desired} pods available");
    }
}
