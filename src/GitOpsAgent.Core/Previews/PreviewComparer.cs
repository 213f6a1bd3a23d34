using System.Text.Json.Nodes;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Sync;

namespace GitOpsAgent.Core.Previews;

/// <summary>
/// The two comparisons of a preview, both through the one <see cref="DesiredStateComparer"/>: head against base (the
/// base taken as what was applied last, so a field the head drops is a change), and head against the live objects
/// (as the controller compares before it applies: only objects the Application tracks are pruned).
/// </summary>
public static class PreviewComparer
{
    private const string LiveHeader = "--- live\n+++ desired\n";

    /// <summary>Head against base: Create, Modified (the fields), Prune or InSync per object; diffs read "--- base" / "+++ head".</summary>
    public static IReadOnlyList<ResourceDiff> Compare(IReadOnlyList<JsonObject> baseObjects, IReadOnlyList<JsonObject> headObjects, DiffOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseObjects);
        var applied = new Dictionary<ResourceKey, JsonObject>();
        foreach (var obj in baseObjects)
        {
            applied[ResourceKey.Of(obj)] = AsLastApplied(obj);
        }

        return DesiredStateComparer.Compare(headObjects, applied.GetValueOrDefault, applied.Values, options)
            .Select(diff => diff with { UnifiedDiff = Relabel(diff.UnifiedDiff, "base", "head") })
            .ToList();
    }

    /// <summary>Head against the live objects; only those tracked as <paramref name="app"/>'s are pruned. Diffs read "--- live" / "+++ head".</summary>
    public static IReadOnlyList<ResourceDiff> CompareWithLive(IReadOnlyList<JsonObject> headObjects, IReadOnlyList<JsonObject> liveObjects, AppIdentity app, DiffOptions options)
    {
        ArgumentNullException.ThrowIfNull(liveObjects);
        var live = new Dictionary<ResourceKey, JsonObject>();
        foreach (var obj in liveObjects)
        {
            live[ResourceKey.Of(obj)] = obj;
        }

        return DesiredStateComparer.Compare(headObjects, live.GetValueOrDefault, live.Values.Where(o => Tracking.IsOwnedBy(o, app)), options)
            .Select(diff => diff with { UnifiedDiff = Relabel(diff.UnifiedDiff, "live", "head") })
            .ToList();
    }

    /// <summary>The base object as a live one whose last-applied configuration is itself: every field it sets counts as ours.</summary>
    private static JsonObject AsLastApplied(JsonObject baseObject)
    {
        var live = (JsonObject)baseObject.DeepClone();
        live.SetAnnotation(DiffNormalizer.LastAppliedAnnotation, baseObject.ToJsonString());
        return live;
    }

    private static string Relabel(string unified, string from, string to) =>
        unified.StartsWith(LiveHeader, StringComparison.Ordinal) ? $"--- {from}\n+++ {to}\n" + unified[LiveHeader.Length..] : unified;
}
