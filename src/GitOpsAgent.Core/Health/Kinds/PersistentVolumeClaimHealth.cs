using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>v1/PersistentVolumeClaim: the phase says it all.</summary>
internal static class PersistentVolumeClaimHealth
{
    public static HealthResult Assess(JsonObject obj) => obj.GetStringAt("status", "phase") switch
    {
        "Bound" => HealthResult.Healthy("claim is bound"),
        "Pending" => new(HealthStatus.Progressing, "claim is pending"),
        "Lost" => new(HealthStatus.Degraded, "claim lost its volume"),
        null => new(HealthStatus.Progressing, "claim has no phase yet"),
        var phase => new(HealthStatus.Unknown, $"claim phase {phase}"),
    };
}
