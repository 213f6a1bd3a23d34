using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Kubernetes;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Controller.Cache;

/// <summary>
/// The live objects that Applications manage, fed by one watch per kind filtered by the tracking label. A kind is
/// watched from the first time an Application needs it until no Application uses it; in steady state reading live
/// state costs no API request, and a change by anyone else reaches the owning Application within a watch event.
/// </summary>
public sealed partial class ClusterCache : IAsyncDisposable
{
    private readonly IKubernetesApi _api;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<ClusterCache> _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string ApiVersion, string Kind), KindWatch> _watches = new();
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();

    public ClusterCache(IKubernetesApi api, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _api = api;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ClusterCache>();
        _time = time;
    }

    /// <summary>A watched object carrying a tracking label was added, changed or deleted: (label value, change, object).</summary>
    public event Action<string, ResourceWatcherEventType, JsonObject>? TrackedObjectChanged;

    public TimeSpan SyncTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Starts watching a kind (if not yet) and waits until its first list is in the store.</summary>
    public async Task EnsureWatchingAsync(string apiVersion, string kind, CancellationToken ct)
    {
        if (!_watches.TryGetValue((apiVersion, kind), out var watch))
        {
            await _startLock.WaitAsync(ct);
            try
            {
                if (!_watches.TryGetValue((apiVersion, kind), out watch))
                {
                    watch = Start(apiVersion, kind);
                    _watches[(apiVersion, kind)] = watch;
                }
            }
            finally
            {
                _startLock.Release();
            }
        }

        await watch.WaitSyncedAsync(SyncTimeout, _time, ct);
    }

    /// <summary>A tracked live object in the given version (a copy, with apiVersion and kind set), or null when none is known.</summary>
    public JsonObject? Get(string apiVersion, string kind, string? ns, string name)
    {
        if (!_watches.TryGetValue((apiVersion, kind), out var watch))
        {
            return null;
        }

        return watch.Watcher.TryGet(string.IsNullOrEmpty(ns) ? null : ns, name) is { } found ? watch.Complete(found) : null;
    }

    /// <summary>Why a watch of this cluster fails now (its live state may be stale), or null while every watch is healthy.</summary>
    public string? Failure => _watches.Values.Select(w => w.Watcher.Failure is { } failure ? $"watch of {w.Kind} ({w.ApiVersion}): {failure}" : null).FirstOrDefault(f => f is not null);

    public bool IsWatching(string apiVersion, string kind) => _watches.ContainsKey((apiVersion, kind));

    /// <summary>Every watched object that carries the given tracking label value (one copy per object, whatever versions are watched).</summary>
    public IReadOnlyList<JsonObject> ListTracked(string labelValue) =>
        _watches.Values
            .SelectMany(w => w.Watcher.WithLabel(labelValue).Select(w.Complete))
            .DistinctBy(ResourceKey.Of)
            .ToList();

    /// <summary>Stops the watches of kinds that no Application uses any more.</summary>
    public async Task StopUnusedAsync(IReadOnlySet<(string ApiVersion, string Kind)> inUse)
    {
        foreach (var key in _watches.Keys.Where(k => !inUse.Contains(k)).ToList())
        {
            if (_watches.TryRemove(key, out var watch))
            {
                Log.StoppedWatching(_logger, key.Kind, key.ApiVersion);
                await watch.StopAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var watch in _watches.Values)
        {
            await watch.StopAsync();
        }

        _watches.Clear();
        _stopping.Dispose();
        _startLock.Dispose();
    }

    private KindWatch Start(string apiVersion, string kind)
    {
        Log.StartedWatching(_logger, kind, apiVersion);
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var synced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = new ResourceWatcher(
            _api,
            new ResourceWatcherOptions(apiVersion, kind, LabelSelector: Tracking.LabelKey) { IndexLabel = Tracking.LabelKey, CompactStore = true },
            (e, _) =>
            {
                if (e.Type == ResourceWatcherEventType.Synced)
                {
                    synced.TrySetResult();
                }
                else if (e.Object?.GetLabel(Tracking.LabelKey) is { } labelValue)
                {
                    TrackedObjectChanged?.Invoke(labelValue, e.Type, e.Object);
                }

                return ValueTask.CompletedTask;
            },
            _time,
            _loggerFactory.CreateLogger<ResourceWatcher>());
        var run = Task.Run(() => watcher.RunAsync(cts.Token));
        return new KindWatch(apiVersion, kind, watcher, run, cts, synced);
    }

    private sealed class KindWatch(string apiVersion, string kind, ResourceWatcher watcher, Task run, CancellationTokenSource cts, TaskCompletionSource synced)
    {
        public ResourceWatcher Watcher => watcher;

        public string ApiVersion => apiVersion;

        public string Kind => kind;

        public async Task WaitSyncedAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
        {
            if (watcher.HasSynced)
            {
                return;
            }

            try
            {
                await synced.Task.WaitAsync(timeout, time, ct);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"the watch of {kind} ({apiVersion}) did not list its objects within {timeout.TotalSeconds:0}s");
            }
        }

        /// <summary>List items come without apiVersion and kind; the diff and health need them. The compact store hands out a fresh copy on every read, so it is set in place.</summary>
        public JsonObject Complete(JsonObject copy)
        {
            copy["apiVersion"] = apiVersion;
            copy["kind"] = kind;
            return copy;
        }

        public async Task StopAsync()
        {
            await cts.CancelAsync();
            try
            {
                await run;
            }
            catch (OperationCanceledException)
            {
            }

            cts.Dispose();
        }
    }
}
