using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>Services of type LoadBalancer and Ingresses are ready once status.loadBalancer.ingress has an address.</summary>
internal static class LoadBalancerHealth
{
    public static HealthResult Assess(JsonObject obj)
    {
        var ingress = obj.GetArrayAt("status", "loadBalancer", "ingress");
        if (ingress is null || ingress.Count == 0)
        {
            return new(HealthStatus.Progressing, "waiting for a load balancer address");
        }

        var addresses = ingress.OfType<JsonObject>().Select(i => i.GetStringAt("hostname") ?? i.GetStringAt("ip")).OfType<string>();
        return HealthResult.Healthy($"load balancer address: {string.Join(", ", addresses)}");
    }
}
