using k8s.Models;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Kubernetes;

/// <summary>
/// Discovery of one cluster, cached and shared by every <see cref="KubernetesApi"/> of it, mapping (apiVersion, kind)
/// to the resource to call. Ours because KubernetesClient has neither a discovery cache nor a kind-to-resource map.
/// </summary>
/// <param name="readGroupVersions">Every group version the server serves (/api, /apis).</param>
/// <param name="readGroupVersion">The resource list of one group version; failures as our typed errors.</param>
internal sealed partial class DiscoveryCache(
    Func<CancellationToken, Task<IReadOnlyList<string>>> readGroupVersions,
    Func<string, CancellationToken, Task<V1APIResourceList>> readGroupVersion,
    ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile DiscoverySnapshot? _snapshot;

    public async Task<ApiResource> ResolveAsync(string apiVersion, string kind, CancellationToken ct)
    {
        var snapshot = await EnsureAsync(ct);
        if (snapshot.TryFind(apiVersion, kind) is { } found)
        {
            return found;
        }

        // A CRD applied a moment ago: refresh the one group version before giving up.
        await _gate.WaitAsync(ct);
        try
        {
            var resources = await ReadGroupVersionAsync(apiVersion, ct);
            snapshot = (_snapshot ?? snapshot).WithGroupVersion(apiVersion, resources);
            _snapshot = snapshot;
        }
        finally
        {
            _gate.Release();
        }

        return snapshot.TryFind(apiVersion, kind) ?? throw new KubernetesUnknownKindException(apiVersion, kind);
    }

    public async Task<IReadOnlyList<ApiResource>> GetAllAsync(CancellationToken ct) => (await EnsureAsync(ct)).All;

    public void Invalidate() => _snapshot = null;

    public void Dispose() => _gate.Dispose();

    private async Task<DiscoverySnapshot> EnsureAsync(CancellationToken ct)
    {
        if (_snapshot is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (_snapshot is { } loaded)
            {
                return loaded;
            }

            var groupVersions = await readGroupVersions(ct);
            var lists = await Task.WhenAll(groupVersions.Select(gv => ReadGroupVersionTolerantAsync(gv, ct)));
            var snapshot = new DiscoverySnapshot(lists.SelectMany(l => l).ToList());
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _gate.Release();
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
            Log.GroupVersionFailed(logger, groupVersion, ex.Message);
            return [];
        }
    }

    private async Task<IReadOnlyList<ApiResource>> ReadGroupVersionAsync(string groupVersion, CancellationToken ct)
    {
        try
        {
            return ResourceListReader.Read(groupVersion, await readGroupVersion(groupVersion, ct));
        }
        catch (KubernetesNotFoundException)
        {
            return [];
        }
    }
}
