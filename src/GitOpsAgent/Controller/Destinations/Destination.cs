using GitOpsAgent.Controller.Cache;
using GitOpsAgent.Controller.Reconcile;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Controller.Destinations;

/// <summary>
/// A cluster Applications deploy into: its API (the controller's identity there, and impersonated ones), the watch
/// cache of its managed objects and what it says about kinds. The local one is the controller's own cluster; a
/// remote one is built from a kubeconfig Secret and owns its connection, discovery, rate limit and watches.
/// </summary>
public sealed class Destination : IAsyncDisposable
{
    private readonly IDisposable? _connection;
    private readonly ClusterAvailability? _availability;

    public Destination(string name, IKubernetesApi api, IKubernetesIdentities identities, ClusterCache cache, CustomResourceSchemas schemas,
        IDisposable? connection = null, ClusterAvailability? availability = null)
    {
        _availability = availability;
        Name = name;
        Api = api;
        Identities = identities;
        Cache = cache;
        Schemas = schemas;
        _connection = connection;
    }

    /// <summary>How status messages name it: never a credential (no token, no user info in the server URL).</summary>
    public string Name { get; }

    /// <summary>The controller's own identity on this cluster (discovery, CRD reads).</summary>
    public IKubernetesApi Api { get; }

    public IKubernetesIdentities Identities { get; }

    public ClusterCache Cache { get; }

    public CustomResourceSchemas Schemas { get; }

    public bool IsRemote => _connection is not null;

    /// <summary>
    /// Why this remote cluster cannot be trusted now: its watches fail and so did its last request (its live state
    /// may be stale); null while it answers. The controller's own cluster is never judged here (its errors surface as they happen).
    /// </summary>
    public string? Unavailable => IsRemote && Cache.Failure is { } failure && _availability?.LastRequestFailed != false ? failure : null;

    /// <summary>The API an Application's reads, dry runs, applies and prunes go through: impersonating its ServiceAccount here too.</summary>
    internal IKubernetesApi ApiFor(ServiceAccountRef? account) =>
        account is { } a ? Identities.AsServiceAccount(a.Namespace, a.Name) : Api;

    public async ValueTask DisposeAsync()
    {
        if (_connection is null)
        {
            // The controller's own cluster lives as long as the process; the host disposes it.
            return;
        }

        await Cache.DisposeAsync();
        _connection.Dispose();
    }
}
