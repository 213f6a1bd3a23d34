using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Kubernetes;

/// <summary>Reads a legacy APIResourceList (/api/v1, /apis/{group}/{version}); "x/status" entries become subresources of x.</summary>
internal static class DiscoveryDocuments
{
    public static IReadOnlyList<ApiResource> ParseResourceList(string groupVersion, JsonObject list)
    {
        var (group, version) = KubeObjectExtensions.SplitApiVersion(groupVersion);
        var entries = list.GetArrayAt("resources")?.OfType<JsonObject>().ToList() ?? [];
        var subresources = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var name = entry.GetStringAt("name") ?? "";
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0)
            {
                var parent = name[..slash];
                if (!subresources.TryGetValue(parent, out var names))
                {
                    subresources[parent] = names = [];
                }

                names.Add(name[(slash + 1)..]);
            }
        }

        var resources = new List<ApiResource>();
        foreach (var entry in entries)
        {
            var name = entry.GetStringAt("name") ?? "";
            var kind = entry.GetStringAt("kind") ?? "";
            if (name.Length == 0 || kind.Length == 0 || name.Contains('/', StringComparison.Ordinal))
            {
                continue;
            }

            var verbs = entry.GetArrayAt("verbs")?.Select(v => v?.ToString() ?? "").ToList() ?? [];
            resources.Add(new ApiResource(group, version, kind, name, entry.GetBoolAt("namespaced") ?? false, verbs,
                subresources.TryGetValue(name, out var subs) ? subs : []));
        }

        return resources;
    }
}

/// <summary>An immutable view of discovery, by (apiVersion, kind).</summary>
internal sealed class DiscoverySnapshot
{
    private readonly Dictionary<(string ApiVersion, string Kind), ApiResource> _byKind = [];

    public DiscoverySnapshot(IReadOnlyList<ApiResource> all)
    {
        All = all;
        foreach (var resource in all)
        {
            _byKind.TryAdd((resource.ApiVersion, resource.Kind), resource);
        }
    }

    public IReadOnlyList<ApiResource> All { get; }

    public ApiResource? TryFind(string apiVersion, string kind) => _byKind.GetValueOrDefault((apiVersion, kind));

    public DiscoverySnapshot WithGroupVersion(string apiVersion, IReadOnlyList<ApiResource> resources) =>
        new([.. All.Where(r => r.ApiVersion != apiVersion), .. resources]);
}
