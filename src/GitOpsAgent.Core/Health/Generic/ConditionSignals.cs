using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health.Generic;

/// <summary>
/// Signals from every condition list in the status: status.conditions, and lists nested in it (per parent in Gateway
/// API routes, per listener, per router in OpenShift routes, per binding), at most three levels down.
/// </summary>
internal static class ConditionSignals
{
    private const int MaxDepth = 3;

    public static void Read(JsonObject status, long? generation, List<HealthSignal> signals)
    {
        Walk(status, "status", 0, generation, signals);
    }

    private static void Walk(JsonNode? node, string path, int depth, long? generation, List<HealthSignal> signals)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    var childPath = $"{path}.{key}";
                    if (key == "conditions" && value is JsonArray list)
                    {
                        FromList(ObjectCondition.Read(list), childPath, generation, signals);
                    }
                    else if (depth < MaxDepth)
                    {
                        Walk(value, childPath, depth + 1, generation, signals);
                    }
                }

                break;
            case JsonArray array when depth < MaxDepth:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{i}]", depth + 1, generation, signals);
                }

                break;
        }
    }

    private static void FromList(IReadOnlyList<ObjectCondition> conditions, string path, long? generation, List<HealthSignal> signals)
    {
        var roles = conditions.Select(c => ConditionVocabulary.RoleOf(c.Type)).ToList();
        var hasPositive = roles.Contains(ConditionRole.Positive);
        var positiveTrue = conditions.Where((c, i) => roles[i] is ConditionRole.Positive or ConditionRole.Completion && c.IsTrue).Any();
        for (var i = 0; i < conditions.Count; i++)
        {
            var c = conditions[i];
            var field = $"{path}[{c.Type}]";
            if (FromCondition(c, roles[i], field, generation, hasPositive, positiveTrue) is { } signal)
            {
                signals.Add(signal);
            }
        }
    }

    private static HealthSignal? FromCondition(ObjectCondition c, ConditionRole role, string field, long? generation, bool hasPositive, bool positiveTrue)
    {
        var text = Describe(c);
        var detail = c.Message.Length > 0;
        switch (role)
        {
            case ConditionRole.Positive:
            case ConditionRole.WeakPositive when !hasPositive:
                if (c.IsTrue && generation is { } g && c.ObservedGeneration is { } og && og < g)
                {
                    return new(HealthStatus.Progressing, field, $"waiting for the controller to observe generation {g} ({field} is from generation {og})");
                }

                return c.Status switch
                {
                    "True" => new(HealthStatus.Healthy, field, text, HasDetail: detail),
                    "False" => FromPositiveFalse(c, field, text, detail),
                    "Degraded" => new(HealthStatus.Degraded, field, text, HasDetail: detail),
                    _ when IsCounter(c) => null,
                    _ => new(HealthStatus.Progressing, field, text, HasDetail: detail),
                };
            case ConditionRole.Negative when c.IsTrue:
                // Strimzi's NotReady True with reason Creating is a cluster coming up, not a failure.
                return StatusWords.ClassifyText(c.Reason, c.Message) switch
                {
                    HealthStatus.Progressing => new(HealthStatus.Progressing, field, text, HasDetail: detail),
                    HealthStatus.Suspended => new(HealthStatus.Suspended, field, text, HasDetail: detail),
                    _ => new(HealthStatus.Degraded, field, text, HasDetail: detail),
                };
            case ConditionRole.Progress when c.IsTrue && !StatusWords.IsCompletionReason(c.Reason):
            case ConditionRole.WeakProgress when c.IsTrue && !positiveTrue && !StatusWords.IsCompletionReason(c.Reason):
                return new(HealthStatus.Progressing, field, text, HasDetail: detail);
            case ConditionRole.Progress when c.IsFalse && StatusWords.ClassifyText(c.Reason, "") == HealthStatus.Degraded:
                return new(HealthStatus.Degraded, field, text, HasDetail: detail);
            case ConditionRole.Completion when c.IsTrue:
                return StatusWords.ClassifyText(c.Reason, c.Message) == HealthStatus.Degraded
                    ? new(HealthStatus.Degraded, field, text, HasDetail: detail)
                    : new(HealthStatus.Healthy, field, text, HasDetail: detail);
            case ConditionRole.Completion:
                return FromPositiveFalse(c, field, text, detail);
            case ConditionRole.Suspend when c.IsTrue:
                return new(HealthStatus.Suspended, field, text, HasDetail: detail);
            default:
                return null;
        }
    }

    // A readiness condition that is False: its severity (Cluster API, Azure Service Operator), reason and message say
    // whether it is failing, paused or still working. Types that record a step reached (Reconciled, Initialized) are
    // still working when False without a reason. Nothing said: Degraded, but only inferred.
    private static HealthSignal FromPositiveFalse(ObjectCondition c, string field, string text, bool detail)
    {
        if (c.Severity == "Error")
        {
            return new(HealthStatus.Degraded, field, text, SignalStrength.Reported, detail);
        }

        if (StatusWords.ClassifyText(c.Reason, c.Message) is { } said)
        {
            return new(said, field, text, SignalStrength.Reported, detail);
        }

        var status = c.Severity == "Info" || ConditionVocabulary.IsStep(c.Type) ? HealthStatus.Progressing : HealthStatus.Degraded;
        return new(status, field, text, SignalStrength.Inferred, detail);
    }

    // Cilium's IP pool reports counts as Unknown conditions ("IPsAvailable", message "250"): information, not readiness.
    private static bool IsCounter(ObjectCondition c) => c.Message.Length > 0 && c.Message.All(char.IsAsciiDigit);

    /// <summary>The condition's message, else "Type is Status: Reason".</summary>
    private static string Describe(ObjectCondition c) =>
        c.Message.Length > 0 ? c.Message : c.Reason.Length > 0 ? $"{c.Type} is {c.Status}: {c.Reason}" : $"{c.Type} is {c.Status}";
}
