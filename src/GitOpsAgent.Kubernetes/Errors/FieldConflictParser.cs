namespace GitOpsAgent.Kubernetes;

/// <summary>Reads apply conflicts from causes like {reason: FieldManagerConflict, message: 'conflict with "kubectl" using apps/v1', field: '.spec.replicas'}.</summary>
internal static class FieldConflictParser
{
    public static IReadOnlyList<KubernetesFieldConflict> Parse(IReadOnlyList<KubernetesStatusCause> causes)
    {
        var conflicts = new List<KubernetesFieldConflict>();
        foreach (var cause in causes)
        {
            if (cause.Reason != "FieldManagerConflict")
            {
                continue;
            }

            conflicts.Add(new KubernetesFieldConflict(ManagerOf(cause.Message ?? ""), cause.Field ?? ""));
        }

        return conflicts;
    }

    private static string ManagerOf(string message)
    {
        var start = message.IndexOf('"', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('"', start + 1);
        return end > start ? message[(start + 1)..end] : message;
    }
}
