using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Health;

/// <summary>An Application's health: the worst of its resources' (ignored ones, with null health, do not count).</summary>
public static class ApplicationHealth
{
    /// <summary>How many worst objects the message names before it says "and N more".</summary>
    public const int MaxNamedInMessage = 3;

    /// <summary>
    /// Worst wins (Degraded &gt; Missing &gt; Progressing &gt; Unknown &gt; Suspended &gt; Healthy). The message names
    /// the worst objects in key order: "Deployment.apps default/web: 1 of 3 replicas available". No resources: Healthy.
    /// </summary>
    public static HealthResult Aggregate(IEnumerable<(ResourceKey Key, HealthResult? Health)> resources)
    {
        var worst = HealthStatus.Healthy;
        var worstObjects = new List<(ResourceKey Key, HealthResult Health)>();
        foreach (var (key, health) in resources)
        {
            if (health is null)
            {
                continue;
            }

            if (health.Status.IsWorseThan(worst))
            {
                worst = health.Status;
                worstObjects.Clear();
            }

            if (health.Status == worst)
            {
                worstObjects.Add((key, health));
            }
        }

        if (worst == HealthStatus.Healthy)
        {
            return HealthResult.Healthy();
        }

        worstObjects.Sort((a, b) => a.Key.CompareTo(b.Key));
        var named = worstObjects.Take(MaxNamedInMessage).Select(o => Describe(o.Key, o.Health));
        var message = string.Join("; ", named);
        if (worstObjects.Count > MaxNamedInMessage)
        {
            message += $"; and {worstObjects.Count - MaxNamedInMessage} more";
        }

        return new(worst, message);
    }

    private static string Describe(ResourceKey key, HealthResult health)
    {
        var name = key.IsNamespaced ? $"{key.GroupKind} {key.Namespace}/{key.Name}" : $"{key.GroupKind} {key.Name}";
        var detail = health.Message.Length > 0 ? health.Message : health.Status.ToString();
        return $"{name}: {detail}";
    }
}
