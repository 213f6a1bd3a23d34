namespace GitOpsAgent.Core.Sync;

/// <summary>
/// What a sync will do: applies in apply order, then prunes in reverse apply order. A non-empty BlockedReasons means
/// do nothing at all. Unchanged counts desired objects already in sync (not patched).
/// </summary>
public sealed record SyncPlan(IReadOnlyList<SyncStep> Steps, IReadOnlyList<string> BlockedReasons, int Unchanged)
{
    public bool IsBlocked => BlockedReasons.Count > 0;
}

/// <summary>
/// Prune permits pruning at all; AllowEmpty permits a sync whose desired set is empty to prune everything;
/// RenderSucceeded false forbids pruning (a failed render must not look like "everything was deleted from Git").
/// PruneOrder overrides the default kind-phase order (lower first when applying; prunes run in reverse).
/// </summary>
public sealed record SyncPlanOptions(bool Prune, bool AllowEmpty, bool RenderSucceeded = true)
{
    public Func<Manifests.ResourceKey, int>? ApplyPhase { get; init; }
}
