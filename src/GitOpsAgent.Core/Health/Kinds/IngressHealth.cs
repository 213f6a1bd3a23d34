using System.Text.Json.Nodes;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>networking.k8s.io/Ingress: ready once the ingress controller has published an address.</summary>
internal static class IngressHealth
{
    public static HealthResult Assess(JsonObject obj) => LoadBalancerHealth.Assess(obj);
}
