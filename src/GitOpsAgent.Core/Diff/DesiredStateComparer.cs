using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Diff;

/// <summary>
/// The desired set against the live set: a diff per desired object (Create when it has no live counterpart) and a
/// Prune per live object that left the desired set. The one comparer behind the controller and `gitops-agent diff`;
/// which live objects may be pruned (ours only, or everything in an offline file) is the caller's choice.
/// </summary>
public static class DesiredStateComparer
{
    public static List<ResourceDiff> Compare(
        IReadOnlyList<JsonObject> desired,
        Func<ResourceKey, JsonObject?> liveOf,
        IEnumerable<JsonObject> prunable,
        DiffOptions options)
    {
        var diffs = new List<ResourceDiff>(desired.Count);
        var desiredKeys = new HashSet<ResourceKey>();
        foreach (var obj in desired)
        {
            var key = ResourceKey.Of(obj);
            desiredKeys.Add(key);
            diffs.Add(ResourceDiffer.Diff(obj, liveOf(key), options));
        }

        foreach (var live in prunable.DistinctBy(ResourceKey.Of))
        {
            if (!desiredKeys.Contains(ResourceKey.Of(live)))
            {
                diffs.Add(ResourceDiffer.Diff(null, live, options));
            }
        }

        return diffs;
    }

    /// <summary>"Deployment.apps ns/web (Modified: spec.replicas, ...)": what differs, so `kubectl describe` answers "why OutOfSync?".</summary>
    public static string Describe(ResourceDiff diff) =>
        diff.Action == DiffAction.Modified && diff.Differences.Count > 0
            ? $"{diff.Key} (Modified: {string.Join(", ", diff.Differences.Take(3).Select(f => f.Path))}{(diff.Differences.Count > 3 ? ", ..." : "")})"
            : $"{diff.Key} ({diff.Action})";
}
