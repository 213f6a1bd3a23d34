namespace GitOpsAgent.Core.Sync.Operations;

/// <summary>
/// How far a sync got, as status.operationState records it: the stage reached and since when, the failure that sent it
/// into the SyncFail phase (null while it goes forward), and the hooks it created.
/// </summary>
public sealed record SyncProgress(SyncStage? Reached, DateTimeOffset? StageStartedAt, SyncFailure? Failure, IReadOnlyList<HookRecord> Hooks)
{
    public static SyncProgress Start { get; } = new(null, null, null, []);

    /// <summary>The progress once <paramref name="turn"/> is taken at <paramref name="now"/> (its steps' new hooks are recorded by the caller).</summary>
    public SyncProgress After(SyncTurn turn, DateTimeOffset now)
    {
        var hooks = Hooks.ToDictionary(h => h.Key);
        foreach (var update in turn.HookUpdates)
        {
            hooks[update.Key] = update;
        }

        return new SyncProgress(
            turn.Stage,
            turn.Stage == Reached && Failure == (turn.Failure ?? Failure) ? StageStartedAt : now,
            turn.Failure ?? Failure,
            hooks.Values.ToList());
    }

    public SyncProgress WithHook(HookRecord record) =>
        this with { Hooks = Hooks.Where(h => h.Key != record.Key).Append(record).ToList() };
}

/// <summary>Why a sync failed (a hook failed, a wave timed out): a condition reason and a message naming the object.</summary>
public sealed record SyncFailure(string Reason, string Message);
