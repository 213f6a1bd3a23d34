using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Status;

namespace GitOpsAgent.Core.Sync;

/// <summary>
/// spec.dependsOn between Applications (Flux's dependsOn): an Application syncs only once each dependency is Ready
/// at its current revision, and a chain that leads back to itself is refused. Pure: the caller looks the others up.
/// </summary>
public static class Dependencies
{
    /// <summary>How far a cycle search looks before it gives up (a fleet's worth of Applications).</summary>
    public const int MaxVisited = 10_000;

    /// <summary>The Applications <paramref name="spec"/> depends on, each with its namespace made explicit.</summary>
    public static IReadOnlyList<AppIdentity> Of(ApplicationSpec spec, string applicationNamespace) =>
        (spec.DependsOn ?? [])
            .Where(d => !string.IsNullOrWhiteSpace(d.Name))
            .Select(d => new AppIdentity(string.IsNullOrEmpty(d.Namespace) ? applicationNamespace : d.Namespace, d.Name))
            .Distinct()
            .ToList();

    /// <summary>
    /// A path from <paramref name="start"/> back to itself ("a -> b -> a"), or null when there is none.
    /// <paramref name="dependsOn"/> gives an Application's dependencies (empty for one that does not exist).
    /// </summary>
    public static IReadOnlyList<AppIdentity>? FindCycle(AppIdentity start, Func<AppIdentity, IReadOnlyList<AppIdentity>> dependsOn)
    {
        var visited = new HashSet<AppIdentity>();
        var path = new List<AppIdentity> { start };
        return Walk(start) ? path : null;

        bool Walk(AppIdentity node)
        {
            foreach (var next in dependsOn(node))
            {
                if (next == start)
                {
                    path.Add(start);
                    return true;
                }

                if (visited.Count >= MaxVisited || !visited.Add(next))
                {
                    continue;
                }

                path.Add(next);
                if (Walk(next))
                {
                    return true;
                }

                path.RemoveAt(path.Count - 1);
            }

            return false;
        }
    }

    public static string Describe(IReadOnlyList<AppIdentity> path) => string.Join(" -> ", path.Select(a => $"{a.Namespace}/{a.Name}"));

    /// <summary>
    /// Null when <paramref name="dependency"/> is Ready at its current revision: Ready True for its current generation,
    /// with the revision it last tried applied. Otherwise why not, for a message.
    /// </summary>
    public static string? NotReady(Application? dependency)
    {
        if (dependency is null)
        {
            return "does not exist";
        }

        var status = dependency.Status;
        var ready = Conditions.Find(status?.Conditions, ConditionTypes.Ready);
        var generation = dependency.Metadata.Generation ?? 0;
        if (ready is null || status?.ObservedGeneration is null)
        {
            return "has not been reconciled yet";
        }

        if (status.ObservedGeneration != generation)
        {
            return $"has not been reconciled at its generation {generation} yet";
        }

        if (ready.Status != Conditions.True)
        {
            return $"is not Ready ({ready.Reason}: {ready.Message})";
        }

        return status.LastAppliedRevision != status.LastAttemptedRevision
            ? $"has not applied its revision {Short(status.LastAttemptedRevision)} yet"
            : null;
    }

    private static string Short(string? revision) => revision is null ? "" : revision[..Math.Min(7, revision.Length)];
}
