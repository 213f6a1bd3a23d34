using GitOpsAgent.Core.Schema;

namespace GitOpsAgent.Core.Diff;

/// <summary>
/// How to diff. FieldManager is the server-side-apply manager whose Apply entry is "what we applied last".
/// IgnoreAggregatedRoles drops ClusterRole rules when an aggregationRule fills them in (Argo's option of that name).
/// </summary>
public sealed record DiffOptions(
    string FieldManager = "gitops-agent",
    IReadOnlyList<IgnoreRule>? Ignore = null,
    IListTypes? ListTypes = null)
{
    public bool IgnoreAggregatedRoles { get; init; }

    /// <summary>Render the YAML line diff. Most of a modified diff's cost; the controller, which never shows it, turns it off.</summary>
    public bool IncludeUnifiedDiff { get; init; } = true;

    internal IListTypes EffectiveListTypes => ListTypes ?? ListTypeTable.Builtin;
}
