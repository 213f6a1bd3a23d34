using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>apps/StatefulSet: generation observed, pods ready, then the update strategy's own notion of done.</summary>
internal static class StatefulSetHealth
{
    public static HealthResult Assess(JsonObject obj)
    {
        var generation = obj.GetInt64At("metadata", "generation") ?? 0;
        var observed = obj.GetInt64At("status", "observedGeneration") ?? 0;
        if (observed == 0 || generation > observed)
        {
            return new(HealthStatus.Progressing, $"waiting for the controller to observe generation {generation}");
        }

        var desired = obj.GetInt64At("spec", "replicas") ?? 1;
        var ready = obj.GetInt64At("status", "readyReplicas") ?? 0;
        if (ready < desired)
        {
            return new(HealthStatus.Progressing, $"{ready} of {desired} pods ready");
        }

        var updated = obj.GetInt64At("status", "updatedReplicas") ?? 0;
        var strategy = obj.GetStringAt("spec", "updateStrategy", "type") ?? "RollingUpdate";
        if (strategy == "OnDelete")
        {
            // Pods are replaced only when someone deletes them, so an old revision is not "in progress".
            return HealthResult.Healthy($"{ready} pods ready (OnDelete update strategy)");
        }

        if (obj.GetInt64At("spec", "updateStrategy", "rollingUpdate", "partition") is { } partition and > 0)
        {
            var expected = Math.Max(0, desired - partition);
            return updated < expected
                ? new(HealthStatus.Progressing, $"partitioned rollout: {updated} of {expected} pods updated")
                : HealthResult.Healthy($"partitioned rollout complete: {updated} pods updated");
        }

        var current = obj.GetStringAt("status", "currentRevision");
        var update = obj.GetStringAt("status", "updateRevision");
        if (update is not null && current != update)
        {
            return new(HealthStatus.Progressing, $"rolling update: {updated} of {desired} pods at revision {update}");
        }

        return HealthResult.Healthy($"{ready} of {desired} pods ready");
    }
}
