using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Health;

namespace GitOpsAgent.Core.Status;

/// <summary>
/// The one place that decides what an Application's status says (Flux's ComputeReconcileResult, kstatus semantics):
/// from the previous status, what a reconcile learned and how it ended, every condition, the sync and health summary,
/// the revisions and the history, plus the Events the change calls for. No step sets a condition by hand, so no
/// condition can be left stale: each is recomputed on every reconcile, or withdrawn when it no longer applies.
/// </summary>
/// <remarks>
/// kstatus: Ready is True only when the last reconcile fully succeeded and everything is in sync and healthy, so
/// `kubectl wait --for=condition=Ready` waits while anything is wrong; Reconciling and Stalled ("abnormal-true"
/// conditions) are present only while True. The result may share unchanged members with <paramref name="previous"/>.
/// </remarks>
public static class StatusCalculator
{
    /// <summary>How many out-of-sync objects a message names before "and N more".</summary>
    public const int MaxNamedInMessage = 5;

    public static StatusUpdate Next(ApplicationStatus? previous, ReconcileObservation observed, ReconcileOutcome outcome)
    {
        previous ??= new ApplicationStatus();
        var attempted = observed.AttemptedRevision ?? previous.LastAttemptedRevision;
        var status = new ApplicationStatus
        {
            ObservedGeneration = observed.Generation,
            LastAttemptedRevision = attempted,
            LastAppliedRevision = AppliedRevision(previous, observed, outcome),
            LastHandledReconcileAt = observed.HandledRequest ?? previous.LastHandledReconcileAt,
            ValuesRevision = observed.AttemptedRevision is null ? previous.ValuesRevision : observed.AttemptedValuesRevision,
            Sync = new SyncStatusInfo
            {
                Status = observed.Comparison is null ? "Unknown" : observed.Comparison.InSync ? "Synced" : "OutOfSync",
                Revision = observed.Comparison is null ? attempted ?? previous.Sync?.Revision : observed.AttemptedRevision,
            },
            Health = observed.Health is { } health
                ? new HealthStatusInfo { Status = health.Status.ToString(), Message = NullIfEmpty(health.Message) }
                : previous.Health,
            Resources = observed.Resources?.ToList() ?? previous.Resources,
            OperationState = observed.Operation ?? previous.OperationState,
            History = NextHistory(previous, observed),
        };

        var conditions = new ConditionWriter(previous.Conditions, observed.Generation, observed.Now);
        var synced = SyncedCondition(observed, outcome, status.Sync.Revision);
        conditions.Set(ConditionTypes.Synced, synced);
        var healthy = HealthyCondition(observed.Health);
        if (healthy is not null)
        {
            conditions.Set(ConditionTypes.Healthy, healthy);
        }
        else if (Conditions.Find(previous.Conditions, ConditionTypes.Healthy) is null)
        {
            conditions.Set(ConditionTypes.Healthy, new(null, ConditionReasons.HealthUnknown, "health has not been assessed yet"));
        }

        conditions.Set(ConditionTypes.Ready, ReadyCondition(observed, outcome, synced, status.Sync.Revision));
        conditions.SetOrRemove(ConditionTypes.Reconciling, ReconcilingCondition(observed, outcome));
        conditions.SetOrRemove(ConditionTypes.Stalled, outcome.Kind == OutcomeKind.Stalled ? new(true, outcome.Reason, outcome.Message) : null);
        status.Conditions = conditions.Result;
        status.LastAppliedRevisionShort = status.LastAppliedRevision is { } applied ? RevisionText.Short(applied) : null;
        return new StatusUpdate(status, Events(previous, status, observed, outcome));
    }

    /// <summary>The revision the cluster runs: this one once applied in full or found in sync, else the previous one.</summary>
    private static string? AppliedRevision(ApplicationStatus previous, ReconcileObservation observed, ReconcileOutcome outcome)
    {
        if (observed.Operation is { Phase: OperationPhases.Succeeded, Revision: { } synced })
        {
            return synced;
        }

        return outcome.Kind == OutcomeKind.Succeeded && observed.Comparison is { InSync: true } && observed.AttemptedRevision is { } inSync
            ? inSync
            : previous.LastAppliedRevision;
    }

    private static List<HistoryEntry>? NextHistory(ApplicationStatus previous, ReconcileObservation observed)
    {
        if (observed.Operation is not { Phase: OperationPhases.Succeeded, Revision: { } revision } operation)
        {
            return previous.History;
        }

        return History.Record(previous.History, new HistoryEntry
        {
            Revision = revision,
            DeployedAt = operation.FinishedAt ?? Conditions.FormatTime(observed.Now),
            InitiatedBy = operation.InitiatedBy ?? "auto",
            Subject = observed.Commit?.Subject,
            Author = observed.Commit?.Author,
        });
    }

    private static ConditionValue SyncedCondition(ReconcileObservation observed, ReconcileOutcome outcome, string? revision)
    {
        if (observed.Comparison is not { } comparison)
        {
            var why = outcome.Kind == OutcomeKind.Succeeded ? "the live state was not compared" : outcome.Message;
            return new(null, outcome.Kind == OutcomeKind.Succeeded ? ConditionReasons.OutOfSync : outcome.Reason, $"cannot tell whether the cluster matches Git: {why}");
        }

        if (comparison.InSync)
        {
            return new(true, ConditionReasons.Synced, $"synced to {Short(revision)}");
        }

        if (outcome.IsFailure)
        {
            return new(false, outcome.Reason, outcome.Message);
        }

        var hint = observed.Suspended ? " (suspended: no writes)"
            : observed.Automated || observed.Operation is not null ? ""
            : " (automated sync is off: run gitops-agent app sync, or annotate gitopsagent.io/sync=true)";
        return new(false, observed.Suspended ? ConditionReasons.SyncPaused : ConditionReasons.OutOfSync,
            $"{Differ(comparison.OutOfSync.Count)} from {Short(revision)}: {Names(comparison.OutOfSync)}{hint}");
    }

    private static ConditionValue? HealthyCondition(HealthResult? health) => health?.Status switch
    {
        null => null,
        HealthStatus.Healthy => new(true, ConditionReasons.Healthy, health.Message),
        HealthStatus.Degraded => new(false, ConditionReasons.Degraded, health.Message),
        HealthStatus.Suspended => new(false, ConditionReasons.Suspended, health.Message),
        HealthStatus.Missing => new(null, ConditionReasons.Missing, health.Message),
        HealthStatus.Progressing => new(null, ConditionReasons.Progressing, health.Message),
        _ => new(null, ConditionReasons.HealthUnknown, health.Message),
    };

    private static ConditionValue ReadyCondition(ReconcileObservation observed, ReconcileOutcome outcome, ConditionValue synced, string? revision)
    {
        if (outcome.Kind != OutcomeKind.Succeeded)
        {
            return new(false, outcome.Reason, outcome.Message);
        }

        if (synced.Status != true)
        {
            return new(false, synced.Reason, synced.Message);
        }

        var health = observed.Health ?? HealthResult.Healthy();
        if (health.Status != HealthStatus.Healthy)
        {
            var reason = HealthyCondition(health)!.Reason;
            return new(false, reason, $"synced to {Short(revision)}, {health.Status}: {health.Message}".TrimEnd(' ', ':'));
        }

        return new(true, ConditionReasons.Succeeded, $"synced to {Short(revision)} and healthy");
    }

    private static ConditionValue? ReconcilingCondition(ReconcileObservation observed, ReconcileOutcome outcome) => outcome.Kind switch
    {
        OutcomeKind.Retrying => new(true, outcome.Reason, $"retrying with backoff: {outcome.Message}"),
        OutcomeKind.Waiting => new(true, outcome.Reason, outcome.Message),
        OutcomeKind.Succeeded when observed.Health?.Status is HealthStatus.Progressing or HealthStatus.Missing =>
            new(true, ConditionReasons.Progressing, $"waiting for health: {observed.Health.Message}".TrimEnd(' ', ':')),
        _ => null,
    };

    private static List<StatusEvent> Events(ApplicationStatus previous, ApplicationStatus status, ReconcileObservation observed, ReconcileOutcome outcome)
    {
        var events = new List<StatusEvent>();
        var before = Conditions.Find(previous.Conditions, ConditionTypes.Ready);
        if (outcome.IsFailure)
        {
            // One Warning per change of reason or revision, not one per retry.
            var repeated = before is { Status: Conditions.False } && before.Reason == outcome.Reason && previous.LastAttemptedRevision == status.LastAttemptedRevision;
            if (!repeated)
            {
                events.Add(new StatusEvent(StatusEvent.Warning, outcome.Reason, outcome.Message));
            }
        }
        else if (Conditions.IsTrue(status.Conditions, ConditionTypes.Ready) && before is { Status: Conditions.False } && !ConditionReasons.DescribesState(before.Reason))
        {
            events.Add(new StatusEvent(StatusEvent.Normal, "Recovered", $"Recovered from {before.Reason}: synced to {Short(status.Sync?.Revision)} and healthy."));
        }

        if (observed.Health is { } health && previous.Health?.Status is { } was && was != health.Status.ToString())
        {
            var detail = string.IsNullOrEmpty(health.Message) ? "" : $" {Sentence(health.Message)}";
            events.Add(new StatusEvent(
                health.Status is HealthStatus.Degraded or HealthStatus.Missing ? StatusEvent.Warning : StatusEvent.Normal,
                "HealthChanged",
                $"Health changed from {was} to {health.Status} at {Short(status.Sync?.Revision)}.{detail}"));
        }

        return events;
    }

    private static string Names(IReadOnlyList<string> items) =>
        string.Join(", ", items.Take(MaxNamedInMessage)) + (items.Count > MaxNamedInMessage ? $" and {items.Count - MaxNamedInMessage} more" : "");

    private static string Differ(int n) => n == 1 ? "1 object differs" : $"{n} objects differ";

    private static string Short(string? revision) => Revisions.Short(revision);

    private static string Sentence(string text) => text.EndsWith('.') ? text : text + ".";

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private sealed record ConditionValue(bool? Status, string Reason, string Message);

    /// <summary>Builds the new condition list from the previous one, keeping lastTransitionTime where the status stayed.</summary>
    private sealed class ConditionWriter(List<Condition>? previous, long generation, DateTimeOffset now)
    {
        public List<Condition> Result { get; private set; } = previous ?? [];

        public void Set(string type, ConditionValue value) =>
            Result = Conditions.Set(Result, type, value.Status, value.Reason, value.Message, generation, now);

        public void SetOrRemove(string type, ConditionValue? value)
        {
            if (value is null)
            {
                Result = Conditions.Remove(Result, type);
            }
            else
            {
                Set(type, value);
            }
        }
    }
}

/// <summary>The phases of status.operationState.</summary>
public static class OperationPhases
{
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";

    /// <summary>The sync was refused before anything was written (a dry run failed, a policy or ownership check).</summary>
    public const string Failed = "Failed";

    /// <summary>The sync stopped part way (an apply or a prune failed).</summary>
    public const string Error = "Error";
}
