using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Sync;

/// <summary>
/// Decides what a sync does from the desired objects, their diffs and the live objects carrying our label. Only drifted
/// objects are applied; only objects whose tracking annotation is ours are pruned, and never after a failed render or
/// when everything would go without AllowEmpty.
/// </summary>
public static class SyncPlanner
{
    public const string SyncOptionsAnnotation = "gitopsagent.io/sync-options";
    public const string PruneAnnotation = "gitopsagent.io/prune";

    public static SyncPlan Plan(
        AppIdentity app,
        IReadOnlyList<Manifest> desiredInApplyOrder,
        IReadOnlyList<ResourceDiff> diffs,
        IReadOnlyList<JsonObject> liveTracked,
        SyncPlanOptions options)
    {
        var diffByKey = new Dictionary<ResourceKey, ResourceDiff>();
        foreach (var diff in diffs) diffByKey.TryAdd(diff.Key, diff);

        var steps = new List<SyncStep>();
        var unchanged = 0;
        var desiredKeys = new HashSet<ResourceKey>();
        foreach (var manifest in desiredInApplyOrder)
        {
            var key = manifest.Key;
            desiredKeys.Add(key);
            var action = diffByKey.TryGetValue(key, out var diff) ? diff.Action : DiffAction.Create;
            var stage = SyncStage.Of(manifest);
            switch (action)
            {
                case DiffAction.Create:
                    steps.Add(new SyncStep(SyncStepKind.Apply, key, manifest.Object, "missing from the cluster") { Stage = stage });
                    break;
                case DiffAction.Modified when WantsReplace(manifest.Object):
                    steps.Add(new SyncStep(SyncStepKind.Replace, key, manifest.Object, $"out of sync ({Describe(diff!)}); Replace=true") { Stage = stage });
                    break;
                case DiffAction.Modified:
                    steps.Add(new SyncStep(SyncStepKind.Apply, key, manifest.Object, $"out of sync ({Describe(diff!)})") { Stage = stage });
                    break;
                default:
                    unchanged++;
                    break;
            }
        }

        var blocked = new List<string>();
        var candidates = new List<JsonObject>();
        var seen = new HashSet<ResourceKey>();
        foreach (var live in liveTracked)
        {
            var key = ResourceKey.Of(live);
            if (desiredKeys.Contains(key) || !seen.Add(key)) continue;
            if (!Tracking.IsOwnedBy(live, app))
            {
                steps.Add(new SyncStep(SyncStepKind.PruneSkipped, key, null,
                    $"carries the {Tracking.LabelKey} label but not our {Tracking.AnnotationKey} annotation; not ours to delete"));
                continue;
            }

            candidates.Add(live);
        }

        if (!options.RenderSucceeded)
        {
            blocked.Add($"rendering failed: not syncing or pruning ({Count(candidates.Count)} would be pruned) on an incomplete desired state");
        }
        else if (candidates.Count > 0 && desiredInApplyOrder.Count == 0 && !options.AllowEmpty)
        {
            blocked.Add($"desired state is empty: pruning would delete all {Count(candidates.Count)} of the application; set allowEmpty to permit it");
        }

        foreach (var live in PruneOrder.ForPruning(candidates, ResourceKey.Of, options.ApplyPhase))
        {
            var key = ResourceKey.Of(live);
            if (string.Equals(live.GetAnnotation(PruneAnnotation), "false", StringComparison.OrdinalIgnoreCase))
            {
                steps.Add(new SyncStep(SyncStepKind.PruneSkipped, key, null, $"annotated {PruneAnnotation}: \"false\""));
            }
            else if (!options.Prune)
            {
                steps.Add(new SyncStep(SyncStepKind.PruneSkipped, key, null, "prune disabled"));
            }
            else
            {
                steps.Add(new SyncStep(SyncStepKind.Prune, key, null, "no longer in Git"));
            }
        }

        return new SyncPlan(steps, blocked, unchanged);
    }

    /// <summary>Replace=true in its sync options: it is deleted and created again instead of applied.</summary>
    public static bool WantsReplace(JsonObject desired) =>
        desired.GetAnnotation(SyncOptionsAnnotation)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(o => string.Equals(o, "Replace=true", StringComparison.OrdinalIgnoreCase)) == true;

    private static string Describe(ResourceDiff diff) => diff.Differences.Count switch
    {
        0 => "changed",
        1 => diff.Differences[0].Path,
        var n => $"{diff.Differences[0].Path} and {(n - 1).ToString(CultureInfo.InvariantCulture)} more",
    };

    private static string Count(int n) => n == 1 ? "1 object" : $"{n.ToString(CultureInfo.InvariantCulture)} objects";
}
