using System.Text.Json.Nodes;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>apiregistration.k8s.io/APIService: healthy once Available is True.</summary>
internal static class ApiServiceHealth
{
    public static HealthResult Assess(JsonObject obj) =>
        ObjectCondition.Find(ObjectCondition.ReadStatusConditions(obj), "Available") switch
        {
            { IsTrue: true } available => HealthResult.Healthy(available.Describe()),
            { } available => new(HealthStatus.Progressing, available.Describe("API service is not available")),
            null => new(HealthStatus.Progressing, "waiting for the API service to be processed"),
        };
}
