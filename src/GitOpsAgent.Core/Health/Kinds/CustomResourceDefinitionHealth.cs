using System.Text.Json.Nodes;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>apiextensions.k8s.io/CustomResourceDefinition: names accepted and established.</summary>
internal static class CustomResourceDefinitionHealth
{
    public static HealthResult Assess(JsonObject obj)
    {
        var conditions = ObjectCondition.ReadStatusConditions(obj);
        if (ObjectCondition.Find(conditions, "Terminating") is { IsTrue: true } terminating)
        {
            return new(HealthStatus.Progressing, terminating.Describe("CRD is terminating"));
        }

        if (ObjectCondition.Find(conditions, "NamesAccepted") is { IsFalse: true } names)
        {
            return new(HealthStatus.Degraded, names.Describe("CRD names were not accepted"));
        }

        return ObjectCondition.Find(conditions, "Established") is { IsTrue: true } established
            ? HealthResult.Healthy(established.Describe())
            : new(HealthStatus.Progressing, "waiting for the CRD to be established");
    }
}
