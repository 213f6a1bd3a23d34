using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using GitOpsAgent.Core.Manifests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOpsAgent.Kubernetes;

/// <summary>
/// Informer-lite for one kind: lists (all pages), watches from the list's resourceVersion with bookmarks, resumes
/// from the last seen resourceVersion after a disconnect (exponential, capped backoff), relists on 410 Gone and then
/// synthesises Deleted for objects that vanished. Keeps a store readable without API calls.
/// Events go to the callback when one is given, otherwise to <see cref="Events"/>.
/// Ours, not the library's informer: its watch reports 410 Gone only through onError and loses it silently without one,
/// so a watcher on it would stop seeing changes instead of relisting.
/// </summary>
public sealed partial class ResourceWatcher
{
    private readonly IKubernetesApi _api;
    private readonly ResourceWatcherOptions _options;
    private readonly Func<ResourceWatcherEvent, CancellationToken, ValueTask>? _callback;
    private readonly Channel<ResourceWatcherEvent> _channel = Channel.CreateUnbounded<ResourceWatcherEvent>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = true });
    private readonly ConcurrentDictionary<string, StoredObject> _store = new(StringComparer.Ordinal);

    // Store keys by the value of the index label: a reader asking for one value must not scan every object (with
    // thousands of objects, that scan was most of a steady-state reconcile's CPU). Written under its own lock, with
    // the store, by the one watch loop.
    private readonly Dictionary<string, HashSet<string>> _keysByLabel = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile bool _synced;

    public ResourceWatcher(
        IKubernetesApi api,
        ResourceWatcherOptions options,
        Func<ResourceWatcherEvent, CancellationToken, ValueTask>? callback = null,
        TimeProvider? timeProvider = null,
        ILogger<ResourceWatcher>? logger = null)
    {
        _api = api;
        _options = options;
        _callback = callback;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Events when no callback was given; completed when <see cref="RunAsync"/> ends.</summary>
    public ChannelReader<ResourceWatcherEvent> Events => _channel.Reader;

    /// <summary>True once the first full list has been loaded into the store.</summary>
    public bool HasSynced => _synced;

    /// <summary>The last resourceVersion seen (list, event or bookmark).</summary>
    public string? ResourceVersion { get; private set; }

    public static string StoreKey(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    public JsonObject? TryGet(string? ns, string name) => _store.TryGetValue(StoreKey(ns, name), out var stored) ? stored.Read() : null;

    /// <summary>The objects currently known, keyed "namespace/name" (or "name" when cluster-scoped).</summary>
    public IReadOnlyCollection<JsonObject> Snapshot() => _store.Values.Select(s => s.Read()).ToList();

    public int Count => _store.Count;

    /// <summary>The objects whose <see cref="ResourceWatcherOptions.IndexLabel"/> has the given value (empty without an index label).</summary>
    public IReadOnlyList<JsonObject> WithLabel(string value)
    {
        var found = new List<StoredObject>();
        lock (_keysByLabel)
        {
            foreach (var key in _keysByLabel.GetValueOrDefault(value) ?? [])
            {
                if (_store.TryGetValue(key, out var stored))
                {
                    found.Add(stored);
                }
            }
        }

        return found.Select(s => s.Read()).ToList();
    }

    /// <summary>Why the last list or watch failed, until one succeeds again; null while the watch is healthy.</summary>
    public string? Failure { get; private set; }

    /// <summary>Runs until cancelled; never throws for API failures (they are logged and retried).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var backoff = _options.InitialBackoff;
        var needList = true;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var failed = false;
                try
                {
                    if (needList)
                    {
                        await ListAndSyncAsync(ct);
                        Failure = null;
                        needList = false;
                        backoff = _options.InitialBackoff;
                    }

                    var received = await WatchOnceAsync(ct);
                    if (received > 0)
                    {
                        Failure = null;
                        backoff = _options.InitialBackoff;
                    }
                    else
                    {
                        // A stream that closes at once, again and again, must not become a hot loop.
                        failed = true;
                    }
                }
                catch (KubernetesGoneException)
                {
                    Log.ResourceVersionExpired(_logger, _options.Kind, ResourceVersion ?? "");
                    needList = true;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    Log.WatchFailed(_logger, _options.Kind, ex.Message, backoff);
                    Failure = ex.Message;
                    failed = true;
                }

                if (failed)
                {
                    await Task.Delay(backoff, _time, ct);
                    backoff = NextBackoff(backoff, _options.MaxBackoff);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            _channel.Writer.TryComplete();
        }
    }

    internal static TimeSpan NextBackoff(TimeSpan current, TimeSpan max)
    {
        var next = current <= TimeSpan.Zero ? TimeSpan.Zero : current * 2;
        return next > max ? max : next;
    }

    private async Task ListAndSyncAsync(CancellationToken ct)
    {
        var list = await _api.ListAllAsync(_options.ApiVersion, _options.Kind, _options.Namespace,
            new ListOptions(LabelSelector: _options.LabelSelector, Limit: _options.PageSize), ct);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            var key = KeyOf(item);
            seen.Add(key);
            if (_store.TryGetValue(key, out var existing))
            {
                if (existing.ResourceVersion != item.GetStringAt("metadata", "resourceVersion"))
                {
                    Put(key, item);
                    await EmitAsync(ResourceWatcherEventType.Modified, item, ct);
                }
            }
            else
            {
                Put(key, item);
                await EmitAsync(ResourceWatcherEventType.Added, item, ct);
            }
        }

        foreach (var key in _store.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            if (Remove(key) is { } gone)
            {
                await EmitAsync(ResourceWatcherEventType.Deleted, gone, ct);
            }
        }

        ResourceVersion = list.ResourceVersion;
        _synced = true;
        Log.Synced(_logger, _options.Kind, list.Items.Count, list.ResourceVersion);
        await EmitAsync(ResourceWatcherEventType.Synced, null, ct);
    }

    private async Task<int> WatchOnceAsync(CancellationToken ct)
    {
        var received = 0;
        var options = new ListOptions(LabelSelector: _options.LabelSelector, ResourceVersion: ResourceVersion,
            AllowWatchBookmarks: true, TimeoutSeconds: _options.WatchTimeoutSeconds);
        await foreach (var watchEvent in _api.WatchAsync(_options.ApiVersion, _options.Kind, _options.Namespace, options, ct))
        {
            received++;
            if (watchEvent.Object.GetStringAt("metadata", "resourceVersion") is { Length: > 0 } version)
            {
                ResourceVersion = version;
            }

            var key = KeyOf(watchEvent.Object);
            switch (watchEvent.Type)
            {
                case WatchEventType.Added:
                case WatchEventType.Modified:
                    var existed = _store.ContainsKey(key);
                    Put(key, watchEvent.Object);
                    await EmitAsync(existed ? ResourceWatcherEventType.Modified : ResourceWatcherEventType.Added, watchEvent.Object, ct);
                    break;
                case WatchEventType.Deleted:
                    Remove(key);
                    await EmitAsync(ResourceWatcherEventType.Deleted, watchEvent.Object, ct);
                    break;
                case WatchEventType.Bookmark:
                    break;
            }
        }

        return received;
    }

    private void Put(string key, JsonObject obj)
    {
        var stored = StoredObject.Of(obj, _options);
        if (_options.IndexLabel is null)
        {
            _store[key] = stored;
            return;
        }

        lock (_keysByLabel)
        {
            if (_store.TryGetValue(key, out var previous))
            {
                Unindex(key, previous.Label);
            }

            _store[key] = stored;
            if (stored.Label is { } value)
            {
                if (!_keysByLabel.TryGetValue(value, out var keys))
                {
                    _keysByLabel[value] = keys = new HashSet<string>(StringComparer.Ordinal);
                }

                keys.Add(key);
            }
        }
    }

    private JsonObject? Remove(string key)
    {
        if (_options.IndexLabel is null)
        {
            return _store.TryRemove(key, out var gone) ? gone.Read() : null;
        }

        lock (_keysByLabel)
        {
            if (!_store.TryRemove(key, out var removed))
            {
                return null;
            }

            Unindex(key, removed.Label);
            return removed.Read();
        }
    }

    private void Unindex(string key, string? value)
    {
        if (value is not null && _keysByLabel.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
        {
            _keysByLabel.Remove(value);
        }
    }

    private static string KeyOf(JsonObject obj) => StoreKey(obj.GetNamespace(), obj.GetName());

    private ValueTask EmitAsync(ResourceWatcherEventType type, JsonObject? obj, CancellationToken ct)
    {
        var watcherEvent = new ResourceWatcherEvent(type, obj);
        if (_callback is not null)
        {
            return _callback(watcherEvent, ct);
        }

        _channel.Writer.TryWrite(watcherEvent);
        return ValueTask.CompletedTask;
    }

    /// <summary>An object of the store: the node itself, or its UTF-8 JSON in a compact store; with what the watch loop compares and indexes by.</summary>
    private sealed class StoredObject
    {
        private readonly JsonObject? _node;
        private readonly byte[]? _utf8;

        private StoredObject(JsonObject? node, byte[]? utf8, string? resourceVersion, string? label)
        {
            _node = node;
            _utf8 = utf8;
            ResourceVersion = resourceVersion;
            Label = label;
        }

        public string? ResourceVersion { get; }

        /// <summary>The value of the index label (null without an index label or when the object lacks it).</summary>
        public string? Label { get; }

        public static StoredObject Of(JsonObject obj, ResourceWatcherOptions options) => new(
            options.CompactStore ? null : obj,
            options.CompactStore ? Utf8(obj) : null,
            obj.GetStringAt("metadata", "resourceVersion"),
            options.IndexLabel is { } label ? obj.GetLabel(label) : null);

        public JsonObject Read() => _node ?? JsonNode.Parse(_utf8)!.AsObject();

        private static byte[] Utf8(JsonObject obj)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                obj.WriteTo(writer);
            }

            return buffer.WrittenSpan.ToArray();
        }
    }
}
