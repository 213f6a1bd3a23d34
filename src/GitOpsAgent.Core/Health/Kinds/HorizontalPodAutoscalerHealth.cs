using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>
/// autoscaling/HorizontalPodAutoscaler. v2 keeps conditions in status; v1 in an annotation holding JSON.
/// Conditions are read in order and the first one that is a known failure or a sign of life decides.
/// </summary>
internal static class HorizontalPodAutoscalerHealth
{
    private const string V1ConditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions";

    private static readonly HashSet<(string Type, string Reason)> DegradedReasons =
    [
        ("AbleToScale", "FailedGetScale"),
        ("AbleToScale", "FailedUpdateScale"),
        ("ScalingActive", "FailedGetResourceMetric"),
        ("ScalingActive", "FailedGetObjectMetric"),
        ("ScalingActive", "FailedGetPodsMetric"),
        ("ScalingActive", "FailedGetExternalMetric"),
        ("ScalingActive", "FailedGetContainerResourceMetric"),
        ("ScalingActive", "InvalidSelector"),
        ("ScalingActive", "InvalidMetricSourceType"),
    ];

    public static HealthResult Assess(JsonObject obj)
    {
        foreach (var condition in ReadConditions(obj))
        {
            if (DegradedReasons.Contains((condition.Type, condition.Reason)))
            {
                return new(HealthStatus.Degraded, condition.Describe());
            }

            // Able to scale, or limited by min/max (TooFewReplicas): the autoscaler works as configured.
            if (condition.IsTrue && condition.Type is "AbleToScale" or "ScalingLimited")
            {
                return HealthResult.Healthy(condition.Describe());
            }
        }

        return new(HealthStatus.Progressing, "waiting to autoscale");
    }

    private static IReadOnlyList<ObjectCondition> ReadConditions(JsonObject obj)
    {
        if (obj.GetArrayAt("status", "conditions") is { } conditions)
        {
            return ObjectCondition.Read(conditions);
        }

        if (obj.GetAnnotation(V1ConditionsAnnotation) is not { } json)
        {
            return [];
        }

        try
        {
            return ObjectCondition.Read(JsonNode.Parse(json) as JsonArray);
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
