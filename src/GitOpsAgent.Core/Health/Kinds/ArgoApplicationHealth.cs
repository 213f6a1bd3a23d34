using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>
/// argoproj.io/Application (app-of-apps): its own status.health is the best answer there is.
/// gitops-engine reports no health for it; we use it, and fall back to the generic rules without it.
/// </summary>
internal static class ArgoApplicationHealth
{
    public static HealthResult Assess(JsonObject obj) =>
        (obj.GetObjectAt("status") is { } status ? GenericHealth.FromHealthStatus(status) : null) ?? GenericHealth.Assess(obj, KindFacts.Unknown);
}
