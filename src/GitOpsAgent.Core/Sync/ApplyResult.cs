namespace GitOpsAgent.Core.Sync;

/// <summary>What a sync did to one object (fluxcd/pkg ssa changeset idea). The lower-case name is the metric label value.</summary>
public enum ApplyResult
{
    Created,
    Configured,
    Unchanged,

    /// <summary>Deleted and created again (Replace=true, for a changed immutable field).</summary>
    Replaced,
    Pruned,

    /// <summary>Not touched on purpose: prune disabled, prune=false, or not ours to delete.</summary>
    Skipped,
    Failed,
}

public static class ApplyResultNames
{
    /// <summary>The value of the result label of gitopsagent_resource_apply_total.</summary>
    public static string LabelValue(this ApplyResult result) => result switch
    {
        ApplyResult.Created => "created",
        ApplyResult.Configured => "configured",
        ApplyResult.Unchanged => "unchanged",
        ApplyResult.Replaced => "replaced",
        ApplyResult.Pruned => "pruned",
        ApplyResult.Skipped => "skipped",
        _ => "failed",
    };
}
