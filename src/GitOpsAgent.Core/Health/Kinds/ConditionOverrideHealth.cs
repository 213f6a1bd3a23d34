using System.Text.Json.Nodes;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>A kind configured to be judged by one named condition: True Healthy, False Degraded, else Progressing.</summary>
internal static class ConditionOverrideHealth
{
    public static HealthResult Assess(JsonObject obj, string conditionType) =>
        ObjectCondition.Find(ObjectCondition.ReadStatusConditions(obj), conditionType) switch
        {
            { IsTrue: true } c => HealthResult.Healthy(c.Describe()),
            { IsFalse: true } c => new(HealthStatus.Degraded, c.Describe($"{conditionType} is False")),
            { } c => new(HealthStatus.Progressing, c.Describe($"{conditionType} is Unknown")),
            null => new(HealthStatus.Progressing, $"waiting for condition {conditionType}"),
        };
}
