using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Controller.Reconcile;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Kubernetes;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Controller.Destinations;

/// <summary>
/// Gives each Application its destination: the controller's own cluster, or the remote cluster of its
/// spec.destination.kubeConfig Secret. A remote destination is shared by every Application whose Secret identity
/// (namespace, name, key) and content are the same; a changed Secret builds a new one, and one no Application
/// uses any more is disposed (its watches and connection end).
/// </summary>
public sealed partial class DestinationRegistry : IAsyncDisposable
{
    private readonly RemoteDestinationFactory? _connect;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<RemoteKey, Remote> _remotes = [];
    private readonly Dictionary<AppKey, RemoteKey> _assigned = [];
    private readonly CancellationTokenSource _stopping = new();

    /// <param name="connect">Builds remote destinations; null: Applications naming a kubeconfig are refused (InvalidKubeConfig).</param>
    public DestinationRegistry(Destination local, RemoteDestinationFactory? connect, ILogger logger)
    {
        Local = local;
        _connect = connect;
        _logger = logger;
    }

    /// <summary>A managed object changed in a remote cluster: (tracking label value, change, object), as <see cref="Cache.ClusterCache.TrackedObjectChanged"/>.</summary>
    public event Action<string, ResourceWatcherEventType, JsonObject>? TrackedObjectChanged;

    public Destination Local { get; }

    /// <summary>The remote destinations built now.</summary>
    public int RemoteCount
    {
        get
        {
            lock (_gate)
            {
                return _remotes.Count;
            }
        }
    }

    /// <summary>
    /// The destination of <paramref name="app"/>; a remote one's Secret is read through <paramref name="secretReader"/>
    /// (the Application's own, impersonated API: its ServiceAccount must be allowed to read the Secret).
    /// </summary>
    /// <exception cref="CredentialsNotFoundException">The Secret does not exist.</exception>
    /// <exception cref="InvalidKubeConfigException">The Secret has no such key, or its kubeconfig cannot be used.</exception>
    internal async Task<Destination> ForAsync(AppKey key, Application app, IKubernetesApi secretReader, CancellationToken ct)
    {
        if (app.Spec.Destination?.KubeConfig is not { } kubeConfig)
        {
            await ReleaseAsync(key);
            return Local;
        }

        var reference = kubeConfig.SecretRef;
        var source = KubeConfigSecret.SourceOf(key.Namespace, reference);
        var kubeconfig = await KubeConfigSecret.ReadAsync(secretReader, key.Namespace, reference, ct);
        var remoteKey = new RemoteKey(key.Namespace, reference.Name, reference.EffectiveKey, Hash(kubeconfig));
        Remote remote;
        Remote? retired;
        lock (_gate)
        {
            retired = Unassign(key, keep: remoteKey);
            if (!_remotes.TryGetValue(remoteKey, out remote!))
            {
                remote = new Remote(remoteKey, ConnectAsync(kubeconfig, source));
                _remotes[remoteKey] = remote;
            }

            remote.Users.Add(key);
            _assigned[key] = remoteKey;
        }

        await DisposeAsync(retired);
        try
        {
            return await remote.Ready.WaitAsync(ct);
        }
        catch (Exception) when (remote.Ready.IsFaulted)
        {
            // Not cached broken: the next reconcile of any of its Applications tries again.
            lock (_gate)
            {
                if (_remotes.GetValueOrDefault(remoteKey) == remote)
                {
                    _remotes.Remove(remoteKey);
                    foreach (var user in remote.Users)
                    {
                        _assigned.Remove(user);
                    }
                }
            }

            throw;
        }
    }

    /// <summary>The remote destination <paramref name="key"/> is connected to now, if any (a deleting Application whose Secret went first still reaches it).</summary>
    internal Destination? ConnectedRemoteOf(AppKey key)
    {
        lock (_gate)
        {
            return _assigned.TryGetValue(key, out var remoteKey) && _remotes.TryGetValue(remoteKey, out var remote) && remote.Ready.IsCompletedSuccessfully
                ? remote.Ready.Result
                : null;
        }
    }

    /// <summary>Whether <paramref name="key"/> deploys into <paramref name="destination"/> (as of its last reconcile).</summary>
    public bool Targets(AppKey key, Destination destination)
    {
        lock (_gate)
        {
            return _assigned.TryGetValue(key, out var remoteKey)
                ? _remotes.TryGetValue(remoteKey, out var remote) && remote.Ready.IsCompletedSuccessfully && remote.Ready.Result == destination
                : destination == Local;
        }
    }

    /// <summary>The remote destinations that are connected now.</summary>
    public IReadOnlyList<Destination> Remotes()
    {
        lock (_gate)
        {
            return _remotes.Values.Where(r => r.Ready.IsCompletedSuccessfully).Select(r => r.Ready.Result).ToList();
        }
    }

    /// <summary>The Application is gone, or deploys locally now: its remote destination is disposed when no other uses it.</summary>
    public async Task ReleaseAsync(AppKey key)
    {
        Remote? retired;
        lock (_gate)
        {
            retired = Unassign(key, keep: null);
        }

        await DisposeAsync(retired);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        List<Remote> all;
        lock (_gate)
        {
            all = [.. _remotes.Values];
            _remotes.Clear();
            _assigned.Clear();
        }

        foreach (var remote in all)
        {
            await DisposeAsync(remote);
        }

        _stopping.Dispose();
    }

    private static string Hash(string kubeconfig) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(kubeconfig)));

    /// <summary>Removes the Application from its remote (unless that is <paramref name="keep"/>); returns the remote if it has no users left.</summary>
    private Remote? Unassign(AppKey key, RemoteKey? keep)
    {
        if (!_assigned.TryGetValue(key, out var current) || current == keep)
        {
            return null;
        }

        _assigned.Remove(key);
        if (_remotes.TryGetValue(current, out var remote) && remote.Users.Remove(key) && remote.Users.Count == 0)
        {
            _remotes.Remove(current);
            return remote;
        }

        return null;
    }

    private async Task<Destination> ConnectAsync(string kubeconfig, string source)
    {
        await Task.Yield();
        if (_connect is null)
        {
            throw new InvalidKubeConfigException($"{source}: this controller does not deploy into remote clusters");
        }

        Destination destination;
        try
        {
            destination = _connect(kubeconfig, source);
        }
        catch (KubernetesConfigException ex)
        {
            throw new InvalidKubeConfigException($"{ex.Message}", ex);
        }

        try
        {
            // Discovery first: the renderer needs the remote's scopes; an unreachable cluster fails here (ClusterUnavailable).
            await destination.Schemas.RefreshScopeAsync(_stopping.Token);
        }
        catch
        {
            await destination.DisposeAsync();
            throw;
        }

        destination.Cache.TrackedObjectChanged += (label, type, obj) => TrackedObjectChanged?.Invoke(label, type, obj);
        Log.Connected(_logger, destination.Name);
        return destination;
    }

    private async Task DisposeAsync(Remote? remote)
    {
        if (remote is null || !remote.Ready.IsCompletedSuccessfully)
        {
            return;
        }

        Log.Disposed(_logger, remote.Ready.Result.Name);
        await remote.Ready.Result.DisposeAsync();
    }

    /// <summary>A kubeconfig Secret's identity and content.</summary>
    private readonly record struct RemoteKey(string Namespace, string SecretName, string SecretKey, string ContentHash);

    private sealed class Remote(RemoteKey key, Task<Destination> ready)
    {
        public RemoteKey Key { get; } = key;

        public Task<Destination> Ready { get; } = ready;

        public HashSet<AppKey> Users { get; } = [];
    }
}

/// <summary>A kubeconfig Secret without the key, or with a kubeconfig that cannot be used; the message names the Secret, never its content.</summary>
internal sealed class InvalidKubeConfigException(string message, Exception? inner = null) : Exception(message, inner);
