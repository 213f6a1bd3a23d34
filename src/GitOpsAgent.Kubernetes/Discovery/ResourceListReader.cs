using GitOpsAgent.Core.Manifests;
using k8s.Models;

namespace GitOpsAgent.Kubernetes;

/// <summary>Reads an APIResourceList as the library parsed it; "x/status" entries become subresources of x.</summary>
internal static class ResourceListReader
{
    public static IReadOnlyList<ApiResource> Read(string groupVersion, V1APIResourceList? list)
    {
        var (group, version) = KubeObjectExtensions.SplitApiVersion(groupVersion);
        var entries = list?.Resources ?? [];
        var subresources = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var name in entries.Select(e => e.Name ?? ""))
        {
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
            var name = entry.Name ?? "";
            var kind = entry.Kind ?? "";
            if (name.Length == 0 || kind.Length == 0 || name.Contains('/', StringComparison.Ordinal))
            {
                continue;
            }

            resources.Add(new ApiResource(group, version, kind, name, entry.Namespaced, entry.Verbs?.ToList() ?? [],
                subresources.TryGetValue(name, out var subs) ? subs : []));
        }

        return resources;
    }
}
