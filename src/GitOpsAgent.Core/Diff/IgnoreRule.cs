namespace GitOpsAgent.Core.Diff;

/// <summary>
/// One entry of Application.spec.ignoreDifferences. Null Group/Name/Namespace match any; Kind "*" matches any kind.
/// JsonPointers are RFC 6901 (an index into a list-map means the item at that index in desired); fields owned in live
/// by any of ManagedFieldsManagers are ignored on both sides.
/// </summary>
public sealed record IgnoreRule(
    string? Group,
    string Kind,
    string? Name,
    string? Namespace,
    IReadOnlyList<string> JsonPointers,
    IReadOnlyList<string> ManagedFieldsManagers)
{
    public bool Matches(Manifests.ResourceKey key) =>
        (Group is null || Group == key.Group)
        && (Kind == "*" || Kind == key.Kind)
        && (Name is null || Name == key.Name)
        && (Namespace is null || Namespace == key.Namespace);

    /// <summary>The rules of an Application's spec.ignoreDifferences.</summary>
    public static IReadOnlyList<IgnoreRule> FromSpec(Applications.Application app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return (app.Spec.IgnoreDifferences ?? [])
            .Select(i => new IgnoreRule(i.Group, i.Kind, i.Name, i.Namespace, i.JsonPointers ?? [], i.ManagedFieldsManagers ?? []))
            .ToList();
    }
}
