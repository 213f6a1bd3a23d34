using System.Text.Json.Nodes;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>batch/Job: Failed, Complete and Suspended conditions; anything else is still running.</summary>
internal static class JobHealth
{
    public static HealthResult Assess(JsonObject obj)
    {
        var conditions = ObjectCondition.ReadStatusConditions(obj);
        if (ObjectCondition.Find(conditions, "Failed") is { IsTrue: true } failed)
        {
            return new(HealthStatus.Degraded, failed.Describe("job failed"));
        }

        if (ObjectCondition.Find(conditions, "Complete") is { IsTrue: true } complete)
        {
            return HealthResult.Healthy(complete.Describe("job completed"));
        }

        if (ObjectCondition.Find(conditions, "Suspended") is { IsTrue: true } suspended)
        {
            return new(HealthStatus.Suspended, suspended.Describe("job is suspended"));
        }

        return new(HealthStatus.Progressing, "job is running");
    }
}
