using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestApiServer.Admission;
using GitOpsAgent.TestApiServer.Discovery;
using GitOpsAgent.TestApiServer.FieldManagement;

namespace GitOpsAgent.TestApiServer.Storage;

/// <summary>
/// Every object of the server, one resourceVersion counter for all of them, and the bounded history of changes that
/// watches replay. Tests may read and write objects directly (no defaults, no field ownership, no HTTP).
/// </summary>
public sealed class ObjectStore
{
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly LinkedList<WatchEvent> _history = new();
    private readonly List<Watcher> _watchers = [];
    private readonly int _historySize;
    private readonly TimeProvider _time;
    private long _resourceVersion;
    private long _trimmedThrough;

    internal ObjectStore(ResourceCatalog catalog, ListTypes listTypes, int historySize, TimeProvider time)
    {
        Catalog = catalog;
        ListTypes = listTypes;
        _historySize = Math.Max(1, historySize);
        _time = time;
    }

    /// <summary>Held by every read and write: the server handles one change at a time.</summary>
    internal Lock Gate { get; } = new();

    internal ResourceCatalog Catalog { get; }

    internal ListTypes ListTypes { get; }

    public long CurrentResourceVersion
    {
        get
        {
            lock (Gate)
            {
                return _resourceVersion;
            }
        }
    }

    internal string Now() => _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // ---- Direct access for tests ----

    public JsonObject? Get(string apiVersion, string kind, string? ns, string name)
    {
        var type = TypeOf(apiVersion, kind);
        lock (Gate)
        {
            return Find(type, ns ?? "", name) is { } found ? WithVersion(found, type) : null;
        }
    }

    public IReadOnlyList<JsonObject> List(string apiVersion, string kind, string? ns = null)
    {
        var type = TypeOf(apiVersion, kind);
        lock (Gate)
        {
            return Items(type, ns).Select(o => WithVersion(o, type)).ToList();
        }
    }

    /// <summary>
    /// Creates or replaces an object as given (server metadata filled in when missing, namespace "default" when a
    /// namespaced object has none); returns what is stored.
    /// </summary>
    public JsonObject Put(JsonObject obj)
    {
        var type = TypeOf(obj.GetApiVersion(), obj.GetKind());
        var copy = (JsonObject)obj.DeepClone();
        if (type.Namespaced && copy.GetNamespace().Length == 0)
        {
            copy.SetNamespace("default");
        }

        lock (Gate)
        {
            var live = Find(type, copy.GetNamespace(), copy.GetName());
            var metadata = copy.GetOrAddObject("metadata");
            metadata.TryAdd("uid", live?.GetStringAt("metadata", "uid") ?? Guid.NewGuid().ToString());
            metadata.TryAdd("creationTimestamp", live?.GetStringAt("metadata", "creationTimestamp") ?? Now());
            metadata.TryAdd("generation", live?.GetInt64At("metadata", "generation") ?? 1);
            CustomResourceDefinitions.Establish(copy);
            return WithVersion(Commit(type, live is null ? "ADDED" : "MODIFIED", copy), type);
        }
    }

    public bool Delete(string apiVersion, string kind, string? ns, string name)
    {
        var type = TypeOf(apiVersion, kind);
        lock (Gate)
        {
            if (Find(type, ns ?? "", name) is not { } live)
            {
                return false;
            }

            Commit(type, "DELETED", (JsonObject)live.DeepClone());
            return true;
        }
    }

    /// <summary>Replaces an object's status, as a controller would; returns the stored object.</summary>
    public JsonObject SetStatus(string apiVersion, string kind, string? ns, string name, JsonNode status)
    {
        var type = TypeOf(apiVersion, kind);
        lock (Gate)
        {
            var live = Find(type, ns ?? "", name) ?? throw new KeyNotFoundException($"{kind} {ns}/{name} not found");
            var copy = (JsonObject)live.DeepClone();
            copy["status"] = status.DeepClone();
            return WithVersion(Commit(type, "MODIFIED", copy), type);
        }
    }

    private ResourceType TypeOf(string apiVersion, string kind)
    {
        var (group, version) = KubeObjectExtensions.SplitApiVersion(apiVersion);
        return Catalog.FindKind(group, version, kind) ?? throw new ArgumentException($"{apiVersion} {kind} is not served", nameof(kind));
    }

    // ---- Used by the request handlers, under Gate ----

    internal static JsonObject WithVersion(JsonObject stored, ResourceType type)
    {
        var copy = (JsonObject)stored.DeepClone();
        copy["apiVersion"] = type.ApiVersion;
        copy["kind"] = type.Kind;
        return copy;
    }

    internal JsonObject? Find(ResourceType type, string ns, string name) =>
        _objects.TryGetValue(type.StorageKey, out var bucket) && bucket.TryGetValue(Key(type.Namespaced ? ns : "", name), out var obj) ? obj : null;

    internal IEnumerable<JsonObject> Items(ResourceType type, string? ns) =>
        _objects.TryGetValue(type.StorageKey, out var bucket)
            ? bucket.Values.Where(o => string.IsNullOrEmpty(ns) || !type.Namespaced || o.GetNamespace() == ns).ToList()
            : [];

    internal IEnumerable<(ResourceType Type, JsonObject Object)> ItemsInNamespace(string ns) =>
        Catalog.All.Where(t => t.Namespaced).DistinctBy(t => t.StorageKey)
            .SelectMany(t => Items(t, ns).Select(o => (t, o)));

    internal bool NamespaceExists(string ns) => Find(BuiltinResources.All[0], "", ns) is not null;

    /// <summary>Stores (or, for DELETED, removes) an object with the next resourceVersion and tells the watches.</summary>
    internal JsonObject Commit(ResourceType type, string eventType, JsonObject obj)
    {
        var rv = ++_resourceVersion;
        obj.GetOrAddObject("metadata")["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        var key = Key(type.Namespaced ? obj.GetNamespace() : "", obj.GetName());
        if (!_objects.TryGetValue(type.StorageKey, out var bucket))
        {
            bucket = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _objects[type.StorageKey] = bucket;
        }

        bucket.TryGetValue(key, out var previous);
        if (eventType == "DELETED")
        {
            bucket.Remove(key);
        }
        else
        {
            bucket[key] = obj;
        }

        if (type is { Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition" })
        {
            OnCustomResourceDefinitionChanged(obj, eventType == "DELETED");
        }

        var e = new WatchEvent(rv, eventType, type.StorageKey, type.Namespaced ? obj.GetNamespace() : "", (JsonObject)obj.DeepClone(),
            eventType == "MODIFIED" ? (JsonObject?)previous?.DeepClone() : null);
        _history.AddLast(e);
        while (_history.Count > _historySize)
        {
            _trimmedThrough = _history.First!.Value.ResourceVersion;
            _history.RemoveFirst();
        }

        foreach (var watcher in _watchers.Where(w => w.StorageKey == type.StorageKey))
        {
            watcher.Publish(e);
        }

        return obj;
    }

    private void OnCustomResourceDefinitionChanged(JsonObject crd, bool deleted)
    {
        if (deleted)
        {
            var served = Catalog.All.Where(t => t.Group == crd.GetStringAt("spec", "group") && t.Plural == crd.GetStringAt("spec", "names", "plural")).ToList();
            foreach (var type in served.DistinctBy(t => t.StorageKey))
            {
                foreach (var obj in Items(type, null).ToList())
                {
                    Commit(type, "DELETED", (JsonObject)obj.DeepClone());
                }
            }

            Catalog.Unregister(crd.GetName());
            return;
        }

        ListTypes.AddCustomResourceDefinition(crd);
        Catalog.Register(crd);
    }

    /// <summary>
    /// Starts a watch of one resource after <paramref name="sinceResourceVersion"/>: the retained events after it are
    /// returned for replay; null when that point has left the history window (the caller answers 410 Gone).
    /// </summary>
    internal (Watcher Watcher, List<WatchEvent> Replay)? Subscribe(ResourceType type, long sinceResourceVersion)
    {
        if (sinceResourceVersion < _trimmedThrough)
        {
            return null;
        }

        var watcher = new Watcher(type.StorageKey, w =>
        {
            lock (Gate)
            {
                _watchers.Remove(w);
            }
        });
        _watchers.Add(watcher);
        var replay = _history.Where(e => e.ResourceVersion > sinceResourceVersion && e.StorageKey == type.StorageKey).ToList();
        return (watcher, replay);
    }

    private static string Key(string ns, string name) => ns.Length == 0 ? name : $"{ns}/{name}";
}
