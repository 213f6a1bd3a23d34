using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Sync;

public enum SyncStepKind
{
    /// <summary>Server-side apply of the desired object.</summary>
    Apply,

    /// <summary>Delete and create, for objects annotated gitopsagent.io/sync-options: Replace=true.</summary>
    Replace,
    Prune,
    PruneSkipped,

    /// <summary>Apply a hook (once per sync); the live hook is then awaited.</summary>
    CreateHook,

    /// <summary>Delete a hook by its delete policy (before it is created again, or once it succeeded or failed).</summary>
    DeleteHook,
}

/// <summary>
/// One action of a sync; Desired is null for prunes (for hook deletions it is the hook as rendered). Reason is for
/// people (events, status, logs). Stage is where the step runs (null for prunes, which end the Sync phase).
/// </summary>
public sealed record SyncStep(SyncStepKind Kind, ResourceKey Key, JsonObject? Desired, string Reason)
{
    public SyncStage? Stage { get; init; }

    /// <summary>The step writes to the cluster (a skipped prune does not).</summary>
    public bool IsWrite => Kind != SyncStepKind.PruneSkipped;
}
