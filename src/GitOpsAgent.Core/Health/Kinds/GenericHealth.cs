using System.Text.Json.Nodes;
using GitOpsAgent.Core.Health.Generic;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health.Kinds;

/// <summary>
/// Every kind without a built-in check (operators' custom resources): the conventions operators follow, read as
/// signals and decided in one place (<see cref="SignalDecision"/>):
/// 1. No status yet: Suspended if the spec asks for a pause; Progressing ("waiting for the operator") when the kind
///    has a status subresource (<see cref="KindFacts"/>), else Healthy: there is nothing to report.
/// 2. Lifecycle: observedGeneration behind generation (Progressing); spec.suspend, spec.paused, spec.runStrategy
///    Halted ... (Suspended).
/// 3. Every condition list in the status by its type's role (<see cref="ConditionVocabulary"/>) and, where the
///    status alone does not decide, its reason and message (<see cref="StatusWords"/>).
/// 4. State words in phase/state/status/health fields, readiness booleans, error fields.
/// A status we cannot read at all stays Healthy: calling it Unknown would mark most custom resources unknown
/// forever, so Unknown is kept for built-in kinds in a state we cannot read.
/// </summary>
internal static class GenericHealth
{
    public static HealthResult Assess(JsonObject obj, KindFacts facts)
    {
        var status = obj.GetObjectAt("status");
        var signals = new List<HealthSignal>();
        if (status is null || status.Count == 0)
        {
            LifecycleSignals.Read(obj, null, signals);
            if (signals.Count > 0)
            {
                return SignalDecision.Decide(signals);
            }

            return facts.HasStatusSubresource && !StatusOptionalKinds.Contains(obj.GetGroup(), obj.GetKind())
                ? new(HealthStatus.Progressing, "waiting for the operator to report a status")
                : HealthResult.Healthy();
        }

        var generation = LifecycleSignals.Generation(obj);
        ConditionSignals.Read(status, generation, signals);
        StateSignals.Read(status, LifecycleSignals.RunsToCompletion(obj.GetKind(), status), signals);
        LifecycleSignals.Read(obj, status, signals);
        return SignalDecision.Decide(signals);
    }

    /// <summary>status.health.status as Argo CD writes it on its Application (Healthy, Progressing, Degraded ...).</summary>
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
