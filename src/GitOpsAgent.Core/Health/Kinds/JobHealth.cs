using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>batch/Job: Failed, Complete and Suspended conditions (or spec.suspend); anything else is still running.</summary>
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

        // spec.suspend before the controller has written the Suspended condition.
        if (obj.GetBoolAt("spec", "suspend") == true)
        {
            return new(HealthStatus.Suspended, "job is suspended");
        }

        var active = obj.GetInt64At("status", "active") ?? 0;
        return new(HealthStatus.Progressing, active > 0 ? $"job is running: {active} active pods" : "job is running");
    }
}
