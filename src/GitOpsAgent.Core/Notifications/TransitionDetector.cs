using GitOpsAgent.Core.Status;

namespace GitOpsAgent.Core.Notifications;

/// <summary>
/// Derives an Application's transitions from two successive views of its status, so a message goes out once per
/// transition and never per reconcile (a status that did not change gives none). The first view of an Application
/// (previous null: the controller just started or the Application is new) is a baseline and gives none.
/// </summary>
public static class TransitionDetector
{
    public static IReadOnlyList<AppTransition> Between(AppFacts? previous, AppFacts current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (previous is null)
        {
            return [];
        }

        var transitions = new List<AppTransition>();
        if (current.Failing && !(previous.Failing && previous.ReadyReason == current.ReadyReason && previous.LastAttemptedRevision == current.LastAttemptedRevision))
        {
            transitions.Add(new(NotificationEvent.SyncFailed, Severity.Error, current.LastAttemptedRevision, current.ReadyReason!,
                $"{current.ReadyReason} at {Short(current.LastAttemptedRevision)}: {current.ReadyMessage}".TrimEnd(' ', ':')));
        }

        if (current.LastAppliedRevision is { } applied && applied != previous.LastAppliedRevision)
        {
            transitions.Add(new(NotificationEvent.Synced, Severity.Info, applied, ConditionReasons.Synced, $"Synced to {Short(applied)}."));
        }

        if (current.Health == "Degraded" && previous.Health != "Degraded")
        {
            transitions.Add(new(NotificationEvent.HealthDegraded, Severity.Warning, current.SyncRevision ?? current.LastAppliedRevision, ConditionReasons.Degraded,
                $"Health is Degraded at {Short(current.SyncRevision ?? current.LastAppliedRevision)}: {current.HealthMessage}".TrimEnd(' ', ':')));
        }

        if (Drifted(previous, current))
        {
            transitions.Add(new(NotificationEvent.DriftDetected, Severity.Warning, previous.LastAppliedRevision, "DriftDetected",
                current.Sync == "OutOfSync" ? $"Live state drifted: {current.ReadyMessage}".TrimEnd(' ', ':')
                    : $"Live state drifted from {Short(previous.LastAppliedRevision)} and was synced back."));
        }

        if (current.Ready == Conditions.True && (previous.Failing || previous.Health == "Degraded"))
        {
            var from = previous.Failing ? previous.ReadyReason : "Degraded health";
            transitions.Add(new(NotificationEvent.Recovered, Severity.Info, current.LastAppliedRevision, ConditionReasons.Succeeded,
                $"Recovered from {from}: synced to {Short(current.LastAppliedRevision)} and healthy."));
        }

        return transitions;
    }

    /// <summary>
    /// At the revision that was applied, either the comparison turned from Synced to OutOfSync (no self-heal), or a new
    /// automatic sync of that same revision ran (self-heal found and undid drift before any status showed it).
    /// </summary>
    private static bool Drifted(AppFacts previous, AppFacts current)
    {
        var applied = previous.LastAppliedRevision;
        if (applied is null || previous.Failing || current.Failing)
        {
            return false;
        }

        var foundOutOfSync = previous.Sync == "Synced" && current.Sync == "OutOfSync" && previous.SyncRevision == applied && current.SyncRevision == applied;
        var healed = current.OperationStartedAt is not null && current.OperationStartedAt != previous.OperationStartedAt
            && current.OperationRevision == applied && previous.SyncRevision == applied
            && current.OperationInitiatedBy is "auto" or "webhook";
        return foundOutOfSync || healed;
    }

    private static string Short(string? revision) => revision is null ? "an unknown revision" : revision[..Math.Min(7, revision.Length)];
}
