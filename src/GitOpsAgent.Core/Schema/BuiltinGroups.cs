namespace GitOpsAgent.Core.Schema;

/// <summary>
/// Whether an API group is Kubernetes' own: the core group, single-word groups (apps, batch, policy, ...) and
/// *.k8s.io (a CRD may not claim those without API review). Built-in kinds are stored through Go types (omitempty
/// fields dropped, quantities canonical); custom resources keep what was sent.
/// </summary>
public static class BuiltinGroups
{
    public static bool IsBuiltin(string group) =>
        group.Length == 0 || !group.Contains('.', StringComparison.Ordinal) || group.EndsWith(".k8s.io", StringComparison.Ordinal);
}
