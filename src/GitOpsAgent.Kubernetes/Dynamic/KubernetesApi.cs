using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using k8s;
using k8s.Autorest;

namespace GitOpsAgent.Kubernetes;

/// <summary>
/// <see cref="IKubernetesApi"/> over KubernetesClient's CustomObjects calls, which reach objects of every group
/// (group "" goes to /api/v1). One cluster's instances share its HTTP pipeline (rate limit, retries, observer) and
/// discovery; each may add request headers of its own (<see cref="KubernetesCluster.WithHeaders"/>).
/// </summary>
public sealed partial class KubernetesApi : IKubernetesApi
{
    private readonly KubernetesCluster _cluster;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>>? _headers;

    internal KubernetesApi(KubernetesCluster cluster, IReadOnlyDictionary<string, IReadOnlyList<string>>? headers)
    {
        _cluster = cluster;
        _headers = headers;
    }

    /// <summary>The cluster this API talks to.</summary>
    public KubernetesCluster Cluster => _cluster;

    private ICustomObjectsOperations Objects => _cluster.Client.CustomObjects;

    public Task<ApiResource> ResolveAsync(string apiVersion, string kind, CancellationToken ct) => _cluster.Discovery.ResolveAsync(apiVersion, kind, ct);

    public Task<IReadOnlyList<ApiResource>> GetApiResourcesAsync(CancellationToken ct) => _cluster.Discovery.GetAllAsync(ct);

    public void InvalidateDiscovery() => _cluster.Discovery.Invalidate();

    /// <summary>Where an object of <paramref name="resource"/> lives: a namespaced one without a namespace goes to the default namespace.</summary>
    private ResourceAddress AddressOf(ApiResource resource, string? ns, string name) =>
        new(resource, resource.Namespaced ? (string.IsNullOrEmpty(ns) ? _cluster.DefaultNamespace : ns) : null, name);

    /// <summary>Where a list or watch goes: a namespaced kind without a namespace means all namespaces.</summary>
    private static ResourceAddress CollectionOf(ApiResource resource, string? ns) =>
        new(resource, resource.Namespaced && !string.IsNullOrEmpty(ns) ? ns : null);

    private async Task<JsonObject> CallAsync(ResourceAddress address, string verb, Func<IReadOnlyDictionary<string, IReadOnlyList<string>>?, CancellationToken, Task<HttpOperationResponse<JsonObject>>> call, CancellationToken ct)
    {
        try
        {
            using var response = await call(_headers, ct);
            return response.Body ?? throw new KubernetesException($"{address.Describe(verb)}: the response is not a JSON object");
        }
        catch (Exception ex) when (LibraryErrors.Translate(ex, address.Describe(verb), _cluster.RequestTimeout, ct) is { } translated)
        {
            throw translated;
        }
    }

    private static string RequireName(JsonObject obj)
    {
        var name = obj.GetName();
        return name.Length > 0 ? name : throw new ArgumentException($"the {obj.GetKind()} object has no metadata.name", nameof(obj));
    }
}
