using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Kubernetes;

public sealed partial class KubernetesClient
{
    private readonly SemaphoreSlim _discoveryGate = new(1, 1);
    private volatile DiscoverySnapshot? _discovery;

    public async Task<ApiResource> ResolveAsync(string apiVersion, string kind, CancellationToken ct)
    {
        var snapshot = await EnsureDiscoveryAsync(ct);
        if (snapshot.TryFind(apiVersion, kind) is { } found)
        {
            return found;
        }

        // A CRD applied a moment ago: refresh the one group version before giving up.
        await _discoveryGate.WaitAsync(ct);
        try
        {
            var resources = await ReadGroupVersionAsync(apiVersion, ct);
            snapshot = (_discovery ?? snapshot).WithGroupVersion(apiVersion, resources);
            _discovery = snapshot;
        }
        finally
        {
            _discoveryGate.Release();
        }

        return snapshot.TryFind(apiVersion, kind) ?? throw new KubernetesUnknownKindException(apiVersion, kind);
    }

    public async Task<IReadOnlyList<ApiResource>> GetApiResourcesAsync(CancellationToken ct) =>
        (await EnsureDiscoveryAsync(ct)).All;

    public void InvalidateDiscovery() => _discovery = null;

    private async Task<DiscoverySnapshot> EnsureDiscoveryAsync(CancellationToken ct)
    {
        if (_discovery is { } cached)
        {
            return cached;
        }

        await _discoveryGate.WaitAsync(ct);
        try
        {
            if (_discovery is { } loaded)
            {
                return loaded;
            }

            var groupVersions = new List<string>();
            var core = await SendForObjectAsync(new RequestSpec("get", "discovery", HttpMethod.Get, "/api"), ct);
            groupVersions.AddRange(core.GetArrayAt("versions")?.Select(v => v?.ToString() ?? "").Where(v => v.Length > 0) ?? []);
            var groups = await SendForObjectAsync(new RequestSpec("get", "discovery", HttpMethod.Get, "/apis"), ct);
            foreach (var group in groups.GetArrayAt("groups")?.OfType<JsonObject>() ?? [])
            {
                groupVersions.AddRange(group.GetArrayAt("versions")?.OfType<JsonObject>()
                    .Select(v => v.GetStringAt("groupVersion") ?? "").Where(v => v.Length > 0) ?? []);
            }

            var lists = await Task.WhenAll(groupVersions.Select(gv => ReadGroupVersionTolerantAsync(gv, ct)));
            var snapshot = new DiscoverySnapshot(lists.SelectMany(l => l).ToList());
            _discovery = snapshot;
            return snapshot;
        }
        finally
        {
            _discoveryGate.Release();
        }
    }

    /// <summary>One broken aggregated API (metrics-server down) must not break discovery of everything else.</summary>
    private async Task<IReadOnlyList<ApiResource>> ReadGroupVersionTolerantAsync(string groupVersion, CancellationToken ct)
    {
        try
        {
            return await ReadGroupVersionAsync(groupVersion, ct);
        }
        catch (KubernetesException ex)
        {
            Log.DiscoveryGroupVersionFailed(_logger, groupVersion, ex.Message);
            return [];
        }
    }

    private async Task<IReadOnlyList<ApiResource>> ReadGroupVersionAsync(string groupVersion, CancellationToken ct)
    {
        JsonObject list;
        try
        {
            list = await SendForObjectAsync(new RequestSpec("get", "discovery", HttpMethod.Get, ResourcePaths.GroupVersionPath(groupVersion)), ct);
        }
        catch (KubernetesNotFoundException)
        {
            return [];
        }

        return DiscoveryDocuments.ParseResourceList(groupVersion, list);
    }
}
