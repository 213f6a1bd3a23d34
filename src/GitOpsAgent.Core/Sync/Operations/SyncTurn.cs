namespace GitOpsAgent.Core.Sync.Operations;

public enum SyncTurnKind
{
    /// <summary>Run the steps, then ask again: the sync may go further in this same reconcile.</summary>
    Continue,

    /// <summary>Run the steps, then end the reconcile waiting (for health, or for hooks to complete); the next reconcile goes on.</summary>
    Wait,

    Succeeded,

    /// <summary>The sync failed (and its SyncFail hooks, if any, ran).</summary>
    Failed,
}

/// <summary>
/// What a sync does now, at <see cref="Stage"/>: the steps to run first, whatever the kind; hooks whose record changed;
/// the failure found this turn; and, for Wait and Failed, a condition reason and a message naming the objects.
/// </summary>
public sealed record SyncTurn(SyncTurnKind Kind, SyncStage Stage, IReadOnlyList<SyncStep> Steps)
{
    public IReadOnlyList<HookRecord> HookUpdates { get; init; } = [];

    public SyncFailure? Failure { get; init; }

    public string Reason { get; init; } = "";

    public string Message { get; init; } = "";
}
