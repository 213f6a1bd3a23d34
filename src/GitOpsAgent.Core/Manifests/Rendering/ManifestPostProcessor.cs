using System.Text.Json.Nodes;

namespace GitOpsAgent.Core.Manifests.Rendering;

/// <summary>
/// What happens to rendered objects before they are compared and applied, whatever renderer made them:
/// namespaces defaulted, duplicates refused, hook annotations checked, objects put in apply order.
/// </summary>
/// <remarks>
/// The scope of a kind is taken from, in this order: the given scope, the built-in table, a CustomResourceDefinition
/// among the rendered objects (spec.scope), and last a convention for unknown custom resources: kinds whose name
/// starts with "Cluster" (ClusterIssuer, ClusterPolicy, ...) or a few well-known cluster-scoped CRD kinds are treated as
/// cluster-scoped, every other unknown kind as namespaced, since most custom resources are namespaced.
/// Objects known for sure (not by convention) to be cluster-scoped lose a metadata.namespace they carry, as the
/// API server ignores it and the live object has none, so keys match.
/// </remarks>
public static class ManifestPostProcessor
{
    private static readonly HashSet<(string Group, string Kind)> ClusterScopedByConvention =
    [
        ("gateway.networking.k8s.io", "GatewayClass"),
        ("snapshot.storage.k8s.io", "VolumeSnapshotClass"),
        ("snapshot.storage.k8s.io", "VolumeSnapshotContent"),
        ("config.openshift.io", "Project"),
    ];

    /// <summary>
    /// Returns new manifests (the inputs are not changed) with <paramref name="destinationNamespace"/> set on namespaced
    /// objects that name none, in apply order. Throws <see cref="DuplicateManifestException"/> naming both sources, and
    /// <see cref="ManifestParseException"/> (file and line) for an invalid hook annotation.
    /// </summary>
    public static IReadOnlyList<Manifest> Process(IReadOnlyList<Manifest> rendered, string? destinationNamespace, IResourceScope scope)
    {
        var renderedCrds = ScopesOfRenderedCrds(rendered);
        var result = new List<Manifest>(rendered.Count);
        var seen = new Dictionary<ResourceKey, ManifestSource>();
        foreach (var manifest in rendered)
        {
            var obj = (JsonObject)manifest.Object.DeepClone();
            var group = obj.GetGroup();
            var kind = obj.GetKind();
            var namespaced = scope.IsNamespaced(group, kind)
                ?? BuiltinResourceScope.Instance.IsNamespaced(group, kind)
                ?? (renderedCrds.TryGetValue((group, kind), out var crdNamespaced) ? crdNamespaced : null);

            if (namespaced == false)
            {
                RemoveNamespace(obj);
            }
            else if ((namespaced ?? !IsClusterScopedByConvention(group, kind))
                && !string.IsNullOrEmpty(destinationNamespace)
                && string.IsNullOrEmpty(obj.GetNamespace()))
            {
                obj.SetNamespace(destinationNamespace);
            }

            var processed = manifest with { Object = obj };
            var key = processed.Key;
            if (Sync.Hook.Problem(obj) is { } problem)
            {
                throw new ManifestParseException(manifest.Source.File, manifest.Source.Line, 0, $"{key}: {problem}");
            }

            if (key.Name.Length > 0)
            {
                // generateName objects (hooks) get their name from the server, so they cannot collide here.
                if (seen.TryGetValue(key, out var first))
                {
                    throw new DuplicateManifestException(key, first, manifest.Source);
                }

                seen.Add(key, manifest.Source);
            }

            result.Add(processed);
        }

        return ApplyOrder.Sort(result);
    }

    public static bool IsClusterScopedByConvention(string group, string kind) =>
        kind.StartsWith("Cluster", StringComparison.Ordinal) || ClusterScopedByConvention.Contains((group, kind));

    private static Dictionary<(string Group, string Kind), bool> ScopesOfRenderedCrds(IReadOnlyList<Manifest> rendered)
    {
        var scopes = new Dictionary<(string, string), bool>();
        foreach (var manifest in rendered)
        {
            var obj = manifest.Object;
            if (obj.GetGroup() != "apiextensions.k8s.io" || obj.GetKind() != "CustomResourceDefinition")
            {
                continue;
            }

            var group = obj.GetStringAt("spec", "group");
            var kind = obj.GetStringAt("spec", "names", "kind");
            var crdScope = obj.GetStringAt("spec", "scope");
            if (group is not null && kind is not null && crdScope is "Namespaced" or "Cluster")
            {
                scopes[(group, kind)] = crdScope == "Namespaced";
            }
        }

        return scopes;
    }

    private static void RemoveNamespace(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            metadata.Remove("namespace");
        }
    }
}
