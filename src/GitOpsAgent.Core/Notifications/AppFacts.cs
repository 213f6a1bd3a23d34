using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Status;

namespace GitOpsAgent.Core.Notifications;

/// <summary>What of an Application's status the notification transitions are derived from.</summary>
public sealed record AppFacts
{
    public string? Ready { get; init; }

    public string? ReadyReason { get; init; }

    public string? ReadyMessage { get; init; }

    public string? Health { get; init; }

    public string? HealthMessage { get; init; }

    public string? Sync { get; init; }

    public string? SyncRevision { get; init; }

    public string? LastAppliedRevision { get; init; }

    public string? LastAttemptedRevision { get; init; }

    public string? OperationStartedAt { get; init; }

    public string? OperationRevision { get; init; }

    public string? OperationInitiatedBy { get; init; }

    public string? OperationPhase { get; init; }

    /// <summary>
    /// Ready=False with a reason that is a failure (it comes with a Warning Event): not one that describes a state
    /// (OutOfSync, Progressing, Degraded, ...) and not a sync under way.
    /// </summary>
    public bool Failing => Ready == Conditions.False && ReadyReason is { } reason && !ConditionReasons.DescribesState(reason) && reason != ConditionReasons.Syncing;

    public static AppFacts From(ApplicationStatus? status)
    {
        var ready = Conditions.Find(status?.Conditions, ConditionTypes.Ready);
        return new AppFacts
        {
            Ready = ready?.Status,
            ReadyReason = ready?.Reason,
            ReadyMessage = ready?.Message,
            Health = status?.Health?.Status,
            HealthMessage = status?.Health?.Message,
            Sync = status?.Sync?.Status,
            SyncRevision = status?.Sync?.Revision,
            LastAppliedRevision = status?.LastAppliedRevision,
            LastAttemptedRevision = status?.LastAttemptedRevision,
            OperationStartedAt = status?.OperationState?.StartedAt,
            OperationRevision = status?.OperationState?.Revision,
            OperationInitiatedBy = status?.OperationState?.InitiatedBy,
            OperationPhase = status?.OperationState?.Phase,
        };
    }
}
