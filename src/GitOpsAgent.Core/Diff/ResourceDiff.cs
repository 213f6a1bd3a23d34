using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Diff;

/// <summary>
/// The comparison of one desired object with its live counterpart. UnifiedDiff is a readable "--- live / +++ desired"
/// line diff of the compared fields only, with Secret values masked. LastAppliedSource names what was taken as
/// "what we applied last": "managedFields", "last-applied-annotation" or "desired" (two-way).
/// </summary>
public sealed record ResourceDiff(
    ResourceKey Key,
    DiffAction Action,
    IReadOnlyList<FieldDifference> Differences,
    string UnifiedDiff,
    string? LastAppliedSource)
{
    public bool IsInSync => Action == DiffAction.InSync;
}
