using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.TestApiServer.Discovery;

/// <summary>The resources served right now: the built-ins plus the versions of every established CRD.</summary>
public sealed class ResourceCatalog
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IReadOnlyList<ResourceType>> _fromCrds = new(StringComparer.Ordinal);

    public IReadOnlyList<ResourceType> All
    {
        get
        {
            lock (_gate)
            {
                return [.. BuiltinResources.All, .. _fromCrds.Values.SelectMany(v => v)];
            }
        }
    }

    /// <summary>True for the kinds compiled into the server (not served by a CRD).</summary>
    public bool IsBuiltin(ResourceType type) => BuiltinResources.All.Contains(type);

    public ResourceType? Find(string group, string version, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);

    public ResourceType? FindKind(string group, string version, string kind) =>
        All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Kind == kind);

    public ResourceType? FindKind(string group, string kind) =>
        All.FirstOrDefault(r => r.Group == group && r.Kind == kind);

    /// <summary>The group versions served, grouped by group in registration order.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups() =>
        All.Where(r => r.Group.Length > 0)
            .GroupBy(r => r.Group)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(r => r.Version).Distinct().ToList()))
            .ToList();

    /// <summary>Serves a CRD's versions from now on; replaces what the same CRD served before.</summary>
    public IReadOnlyList<ResourceType> Register(JsonObject crd)
    {
        var types = TypesOf(crd);
        lock (_gate)
        {
            _fromCrds[crd.GetName()] = types;
        }

        return types;
    }

    public void Unregister(string crdName)
    {
        lock (_gate)
        {
            _fromCrds.Remove(crdName);
        }
    }

    private static List<ResourceType> TypesOf(JsonObject crd)
    {
        var group = crd.GetStringAt("spec", "group") ?? "";
        var names = crd.GetObjectAt("spec", "names") ?? [];
        var kind = names.GetStringAt("kind") ?? "";
        var plural = names.GetStringAt("plural") ?? kind.ToLowerInvariant() + "s";
        var singular = names.GetStringAt("singular") ?? kind.ToLowerInvariant();
        var shortNames = Strings(names["shortNames"]);
        var categories = Strings(names["categories"]);
        var namespaced = (crd.GetStringAt("spec", "scope") ?? "Namespaced") == "Namespaced";
        var result = new List<ResourceType>();
        foreach (var version in (crd.GetArrayAt("spec", "versions") ?? []).OfType<JsonObject>())
        {
            if (version.GetBoolAt("served") == false)
            {
                continue;
            }

            result.Add(new ResourceType(
                group,
                version.GetStringAt("name") ?? "v1",
                kind,
                plural,
                singular,
                namespaced,
                HasStatus: version.GetObjectAt("subresources", "status") is not null,
                HasScale: version.GetObjectAt("subresources", "scale") is not null,
                ShortNames: shortNames,
                Categories: categories));
        }

        return result;
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray a ? a.Select(n => n?.GetValue<string>() ?? "").Where(s => s.Length > 0).ToList() : [];
}
