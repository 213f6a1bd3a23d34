using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Manifests.Rendering;
using GitOpsAgent.Core.Schema;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Controller.Cache;

/// <summary>
/// What the cluster says about kinds: scope (namespaced or not) from discovery for rendering, and list types of
/// custom resources from their CRDs' schemas for the diff. CRDs are read once per process (and again after a
/// while), never on every reconcile.
/// </summary>
public sealed class CustomResourceSchemas(IKubernetesApi kube, TimeProvider time)
{
    private const string CrdGroup = "apiextensions.k8s.io";
    private static readonly TimeSpan CrdCacheTime = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<(string Group, string Kind), (JsonObject? Crd, DateTimeOffset ReadAt)> _crds = new();
    private volatile DiscoveryScope _scope = new([]);

    /// <summary>Scope from the last discovery, falling back to the built-in table.</summary>
    public IResourceScope Scope => _scope;

    public async Task RefreshScopeAsync(CancellationToken ct)
    {
        var resources = await kube.GetApiResourcesAsync(ct);
        _scope = new DiscoveryScope(resources.GroupBy(r => (r.Group, r.Kind)).ToDictionary(g => g.Key, g => g.First().Namespaced));
    }

    /// <summary>The (group, kind) of every CRD among the manifests.</summary>
    public static HashSet<(string Group, string Kind)> KindsDefinedBy(IEnumerable<Manifest> manifests) =>
        manifests.Select(m => m.Object).Where(IsCrd)
            .Select(crd => (crd.GetStringAt("spec", "group") ?? "", crd.GetStringAt("spec", "names", "kind") ?? ""))
            .ToHashSet();

    public static bool IsCrd(JsonObject obj) => obj.GetGroup() == CrdGroup && obj.GetKind() == "CustomResourceDefinition";

    /// <summary>Built-in list types plus those of every CRD the manifests use or define.</summary>
    public async Task<IListTypes> ListTypesAsync(IReadOnlyList<Manifest> manifests, CancellationToken ct)
    {
        var table = ListTypeTable.Builtin;
        var defined = new HashSet<(string, string)>();
        foreach (var crd in manifests.Select(m => m.Object).Where(IsCrd))
        {
            table = table.WithCustomResourceDefinition(crd);
            defined.Add((crd.GetStringAt("spec", "group") ?? "", crd.GetStringAt("spec", "names", "kind") ?? ""));
        }

        foreach (var obj in manifests.Select(m => m.Object))
        {
            var key = (obj.GetGroup(), obj.GetKind());
            if (defined.Contains(key) || !LooksCustom(key.Item1))
            {
                continue;
            }

            if (await GetCrdAsync(obj.GetApiVersion(), obj.GetKind(), ct) is { } crd)
            {
                table = table.WithCustomResourceDefinition(crd);
                defined.Add(key);
            }
        }

        return table;
    }

    private async Task<JsonObject?> GetCrdAsync(string apiVersion, string kind, CancellationToken ct)
    {
        var group = KubeObjectExtensions.SplitApiVersion(apiVersion).Group;
        if (_crds.TryGetValue((group, kind), out var cached) && time.GetUtcNow() - cached.ReadAt < CrdCacheTime)
        {
            return cached.Crd;
        }

        JsonObject? crd = null;
        try
        {
            var resource = await kube.ResolveAsync(apiVersion, kind, ct);
            crd = await kube.GetAsync($"{CrdGroup}/v1", "CustomResourceDefinition", null, $"{resource.Plural}.{group}", ct);
        }
        catch (KubernetesApiException)
        {
            // Unknown kind or no permission to read CRDs: its lists are compared as atomic, the safe default.
        }

        _crds[(group, kind)] = (crd, time.GetUtcNow());
        return crd;
    }

    // Built-in API groups are all either "" or end in ".k8s.io" (or are one of the classic unsuffixed ones).
    private static bool LooksCustom(string group) => !BuiltinGroups.IsBuiltin(group);

    private sealed class DiscoveryScope(Dictionary<(string Group, string Kind), bool> namespaced) : IResourceScope
    {
        public bool? IsNamespaced(string group, string kind) =>
            namespaced.TryGetValue((group, kind), out var value) ? value : BuiltinResourceScope.Instance.IsNamespaced(group, kind);
    }
}
