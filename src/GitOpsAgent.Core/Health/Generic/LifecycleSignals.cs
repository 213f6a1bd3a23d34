using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health.Generic;

/// <summary>Generation and intent: an observedGeneration behind metadata.generation, and a spec that asks for a pause.</summary>
internal static class LifecycleSignals
{
    private static readonly string[] SuspendFlags = ["suspend", "suspended", "paused", "pause", "stopped", "cordoned"];

    private static readonly string[] DesiredStates = ["state", "runStrategy", "desiredState"];

    private static readonly string[] CompletionKindSuffixes = ["Run", "Job", "Workflow", "Build", "Backup", "Restore"];

    private static readonly string[] RunTimeFields = ["startedAt", "startTime", "completionTime", "finishedAt", "terminationTime", "executorState"];

    public static long? Generation(JsonObject obj) => obj.GetInt64At("metadata", "generation");

    /// <summary>status.observedGeneration, also when written as a string ("5", Argo Rollouts and Istio do).</summary>
    public static long? ObservedGeneration(JsonObject status) => status["observedGeneration"] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null,
        JsonValue v => JsonValues.TryGetInt64(v),
        _ => null,
    };

    public static void Read(JsonObject obj, JsonObject? status, List<HealthSignal> signals)
    {
        if (status is not null && Generation(obj) is { } g && ObservedGeneration(status) is { } o && o < g)
        {
            signals.Add(new(HealthStatus.Progressing, "status.observedGeneration", $"waiting for the controller to observe generation {g} (status.observedGeneration is {o})"));
        }

        if (obj.GetObjectAt("spec") is { } spec && Suspension(spec) is { } suspended)
        {
            signals.Add(suspended);
        }
    }

    /// <summary>A run-to-completion kind (a job, a run, a workflow), for which "Running" is work under way, not a steady state.</summary>
    public static bool RunsToCompletion(string kind, JsonObject? status) =>
        CompletionKindSuffixes.Any(s => kind.EndsWith(s, StringComparison.Ordinal))
        || (status is not null && RunTimeFields.Any(status.ContainsKey));

    private static HealthSignal? Suspension(JsonObject spec)
    {
        foreach (var flag in SuspendFlags)
        {
            if (spec.GetBoolAt(flag) == true)
            {
                return new(HealthStatus.Suspended, $"spec.{flag}", $"spec.{flag} is true");
            }
        }

        if (spec.GetBoolAt("active") == false)
        {
            return new(HealthStatus.Suspended, "spec.active", "spec.active is false");
        }

        foreach (var key in DesiredStates)
        {
            if (spec.GetStringAt(key) is { } value && StatusWords.ClassifyState(value, runsToCompletion: false) == HealthStatus.Suspended)
            {
                return new(HealthStatus.Suspended, $"spec.{key}", $"spec.{key} {value}");
            }
        }

        return null;
    }
}
