using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>batch/CronJob: suspended or not; a failing condition, where some controller reports one, is Degraded.</summary>
internal static class CronJobHealth
{
    public static HealthResult Assess(JsonObject obj)
    {
        if (obj.GetBoolAt("spec", "suspend") == true)
        {
            return new(HealthStatus.Suspended, "CronJob is suspended");
        }

        var conditions = ObjectCondition.ReadStatusConditions(obj);
        if (ObjectCondition.Find(conditions, "Failed") is { IsTrue: true } failed)
        {
            return new(HealthStatus.Degraded, failed.Describe("last job failed"));
        }

        var last = obj.GetStringAt("status", "lastScheduleTime");
        return HealthResult.Healthy(last is null ? "not scheduled yet" : $"last scheduled at {last}");
    }
}
