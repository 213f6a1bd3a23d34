using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>v1/Service: only a LoadBalancer waits for something (its external address).</summary>
internal static class ServiceHealth
{
    public static HealthResult Assess(JsonObject obj) =>
        obj.GetStringAt("spec", "type") == "LoadBalancer"
            ? LoadBalancerHealth.Assess(obj)
            : HealthResult.Healthy();
}
