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
}

/// <summary>One action of a sync; Desired is null for prunes. Reason is for people (events, status, logs).</summary>
public sealed record SyncStep(SyncStepKind Kind, ResourceKey Key, JsonObject? Desired, string Reason);
