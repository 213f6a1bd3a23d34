using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>
/// Every kind without a built-in check (operators' custom resources), by the kstatus conventions, in this order:
/// 1. status.observedGeneration behind metadata.generation: Progressing.
/// 2. Stalled True: Degraded. Reconciling True: Progressing.
/// 3. Synced False (Crossplane) or Ready/Available/Succeeded False: Degraded, unless the reason says work is
///    under way (Progressing, *InProgress, Pending, Creating...), then Progressing.
/// 4. Ready/Available/Succeeded True: Healthy. Ready/Succeeded Unknown: Progressing.
/// 5. status.phase, then status.health.status (Argo-like), by name.
/// 6. Anything else, including no status at all: Healthy. The object either has nothing to report (config-like)
///    or reports in a form we do not know; calling that Unknown would mark most custom resources as unknown
///    forever, so Unknown stays for built-in kinds in a state we cannot read.
/// </summary>
internal static class GenericHealth
{
    private static readonly string[] ReadyTypes = ["Ready", "Available", "Succeeded"];

    private static readonly string[] ProgressWords =
    [
        "Progress", "Reconciling", "Pending", "Creating", "Provisioning", "Waiting", "Initializ", "Installing",
        "Upgrading", "Updating", "Starting", "Deploying", "Issuing", "NotReadyYet", "DependencyNotReady",
    ];

    public static HealthResult Assess(JsonObject obj)
    {
        if (obj.GetObjectAt("status") is not { } status)
        {
            return HealthResult.Healthy();
        }

        var generation = obj.GetInt64At("metadata", "generation");
        var observed = status.GetInt64At("observedGeneration");
        if (generation is { } g && observed is { } o && o < g)
        {
            return new(HealthStatus.Progressing, $"waiting for the controller to observe generation {g}");
        }

        return FromConditions(ObjectCondition.ReadStatusConditions(obj))
            ?? FromPhase(status.GetStringAt("phase"))
            ?? FromHealthStatus(status)
            ?? HealthResult.Healthy();
    }

    private static HealthResult? FromConditions(IReadOnlyList<ObjectCondition> conditions)
    {
        if (conditions.Count == 0)
        {
            return null;
        }

        if (ObjectCondition.Find(conditions, "Stalled") is { IsTrue: true } stalled)
        {
            return new(HealthStatus.Degraded, stalled.Describe("stalled"));
        }

        if (ObjectCondition.Find(conditions, "Reconciling") is { IsTrue: true } reconciling)
        {
            return new(HealthStatus.Progressing, reconciling.Describe("reconciling"));
        }

        if (ObjectCondition.Find(conditions, "Synced") is { IsFalse: true } notSynced)
        {
            return FromFalse(notSynced);
        }

        foreach (var type in ReadyTypes)
        {
            switch (ObjectCondition.Find(conditions, type))
            {
                case { IsTrue: true } ready:
                    return HealthResult.Healthy(ready.Describe());
                case { IsFalse: true } notReady:
                    return FromFalse(notReady);
                case { } unknown:
                    return new(HealthStatus.Progressing, unknown.Describe($"{type} is Unknown"));
            }
        }

        return null;
    }

    private static HealthResult FromFalse(ObjectCondition condition) => IsProgressReason(condition.Reason)
        ? new(HealthStatus.Progressing, condition.Describe())
        : new(HealthStatus.Degraded, condition.Describe($"{condition.Type} is False"));

    // "ReconcileError" or "InstallFailed" are failures even when they name the step that failed.
    private static bool IsProgressReason(string reason) =>
        !reason.Contains("Error", StringComparison.OrdinalIgnoreCase)
        && !reason.Contains("Fail", StringComparison.OrdinalIgnoreCase)
        && ProgressWords.Any(word => reason.Contains(word, StringComparison.OrdinalIgnoreCase));

    private static HealthResult? FromPhase(string? phase)
    {
        switch (phase?.ToUpperInvariant())
        {
            case "RUNNING" or "ACTIVE" or "SUCCEEDED" or "SUCCESS" or "COMPLETED" or "BOUND" or "READY" or "AVAILABLE" or "HEALTHY" or "DEPLOYED":
                return HealthResult.Healthy($"phase {phase}");
            case "PENDING" or "PROGRESSING" or "PROVISIONING" or "CREATING" or "INITIALIZING" or "UPDATING" or "DEPLOYING" or "WAITING" or "TERMINATING":
                return new(HealthStatus.Progressing, $"phase {phase}");
            case "FAILED" or "FAILURE" or "ERROR" or "DEGRADED":
                return new(HealthStatus.Degraded, $"phase {phase}");
            case "SUSPENDED" or "PAUSED":
                return new(HealthStatus.Suspended, $"phase {phase}");
            default:
                return null;
        }
    }

    internal static HealthResult? FromHealthStatus(JsonObject status)
    {
        var text = status.GetStringAt("health", "status");
        var message = status.GetStringAt("health", "message") ?? "";
        return text switch
        {
            "Healthy" => HealthResult.Healthy(message),
            "Progressing" => new(HealthStatus.Progressing, message),
            "Degraded" => new(HealthStatus.Degraded, message),
            "Suspended" => new(HealthStatus.Suspended, message),
            "Missing" => new(HealthStatus.Missing, message),
            _ => null,
        };
    }
}
