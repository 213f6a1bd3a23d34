using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>v1/Namespace: Terminating is deletion in progress; anything else is usable.</summary>
internal static class NamespaceHealth
{
    public static HealthResult Assess(JsonObject obj) => obj.GetStringAt("status", "phase") == "Terminating"
        ? new(HealthStatus.Progressing, "namespace is terminating")
        : HealthResult.Healthy();
}
