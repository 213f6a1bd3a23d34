namespace GitOpsAgent.Core.Manifests;

/// <summary>
/// Identifies one Kubernetes object independent of API version: the identity used for diffing, pruning and
/// duplicate detection. Group is "" for the core group; Namespace is "" for cluster-scoped objects.
/// </summary>
public readonly record struct ResourceKey(string Group, string Kind, string Namespace, string Name) : IComparable<ResourceKey>
{
    public bool IsNamespaced => Namespace.Length > 0;

    public static ResourceKey Of(System.Text.Json.Nodes.JsonObject obj) =>
        new(obj.GetGroup(), obj.GetKind(), obj.GetNamespace(), obj.GetName());

    /// <summary>Group/Kind as Kubernetes prints it: "Deployment.apps", or "Service" for the core group.</summary>
    public string GroupKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    public int CompareTo(ResourceKey other)
    {
        var c = string.CompareOrdinal(Group, other.Group);
        if (c != 0) return c;
        c = string.CompareOrdinal(Kind, other.Kind);
        if (c != 0) return c;
        c = string.CompareOrdinal(Namespace, other.Namespace);
        return c != 0 ? c : string.CompareOrdinal(Name, other.Name);
    }

    public static bool operator <(ResourceKey left, ResourceKey right) => left.CompareTo(right) < 0;

    public static bool operator <=(ResourceKey left, ResourceKey right) => left.CompareTo(right) <= 0;

    public static bool operator >(ResourceKey left, ResourceKey right) => left.CompareTo(right) > 0;

    public static bool operator >=(ResourceKey left, ResourceKey right) => left.CompareTo(right) >= 0;

    /// <summary>"Deployment.apps default/web" or "Namespace /team-a".</summary>
    public override string ToString() => $"{GroupKind} {Namespace}/{Name}";
}
