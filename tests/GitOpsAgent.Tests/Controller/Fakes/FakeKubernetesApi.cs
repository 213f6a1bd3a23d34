using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using GitOpsAgent.Core.Fields;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Schema;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Tests.Controller.Fakes;

/// <summary>One call the fake answered, for assertions ("nothing was applied"); User is the impersonated user, null for the controller's own identity.</summary>
public sealed record FakeCall(string Verb, string Kind, string? Namespace, string Name, bool DryRun = false, string? User = null);

/// <summary>
/// A hand-written, in-memory IKubernetesApi for fast reconcile tests: objects by kind and name, one resourceVersion
/// counter, label-selector lists, watches fed from every write, a server-side apply that records the manager's field
/// set in managedFields (as the real server would, without defaults), merge patches, deletes, and injectable faults
/// per call. It knows only the kinds registered with <see cref="Serve"/>. <see cref="AsServiceAccount"/> gives a view
/// whose calls are recorded with that ServiceAccount's user name (faults can refuse them, as RBAC would).
/// </summary>
public sealed class FakeKubernetesApi : IKubernetesApi, IKubernetesIdentities
{
    private readonly AsyncLocal<string?> _actingAs = new();

    private readonly Lock _gate = new();
    private readonly Dictionary<(string ApiVersion, string Kind), ApiResource> _resources = [];
    private readonly Dictionary<(string ApiVersion, string Kind, string Ns, string Name), JsonObject> _objects = [];
    private readonly List<(string ApiVersion, string Kind, Channel<WatchEvent> Channel)> _watches = [];
    private readonly List<Func<FakeCall, Exception?>> _faults = [];
    private readonly List<(long ResourceVersion, WatchEvent Event)> _history = [];
    private long _resourceVersion = 100;

    public FakeKubernetesApi()
    {
        Serve("v1", "ConfigMap", "configmaps");
        Serve("v1", "Secret", "secrets");
        Serve("v1", "Event", "events");
        Serve("v1", "Namespace", "namespaces", namespaced: false);
        Serve("apps/v1", "Deployment", "deployments");
        Serve("gitopsagent.io/v1alpha1", "Application", "applications");
    }

    public ConcurrentQueue<FakeCall> Calls { get; } = new();

    public void Serve(string apiVersion, string kind, string plural, bool namespaced = true)
    {
        var (group, version) = KubeObjectExtensions.SplitApiVersion(apiVersion);
        lock (_gate)
        {
            _resources[(apiVersion, kind)] = new ApiResource(group, version, kind, plural, namespaced, ["get", "list", "watch", "patch", "create", "delete"], ["status"]);
        }
    }

    /// <summary>Every call for which <paramref name="fault"/> returns an exception throws it instead.</summary>
    public void Fail(Func<FakeCall, Exception?> fault)
    {
        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    /// <summary>Ends every open watch with <paramref name="error"/>, as a dropped connection does.</summary>
    public void EndWatches(Exception error)
    {
        lock (_gate)
        {
            foreach (var watch in _watches)
            {
                watch.Channel.Writer.TryComplete(error);
            }
        }
    }

    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>Stores an object as another writer would (no field manager of ours).</summary>
    public JsonObject Put(JsonObject obj)
    {
        lock (_gate)
        {
            return Store((JsonObject)obj.DeepClone(), WatchEventType.Added);
        }
    }

    public JsonObject? Find(string apiVersion, string kind, string? ns, string name)
    {
        lock (_gate)
        {
            return _objects.GetValueOrDefault((apiVersion, kind, ns ?? "", name))?.DeepClone() as JsonObject;
        }
    }

    public IReadOnlyList<JsonObject> All(string apiVersion, string kind)
    {
        lock (_gate)
        {
            return _objects.Where(o => o.Key.ApiVersion == apiVersion && o.Key.Kind == kind).Select(o => (JsonObject)o.Value.DeepClone()).ToList();
        }
    }

    public Task<ApiResource> ResolveAsync(string apiVersion, string kind, CancellationToken ct)
    {
        lock (_gate)
        {
            return _resources.TryGetValue((apiVersion, kind), out var resource)
                ? Task.FromResult(resource)
                : throw new KubernetesUnknownKindException(apiVersion, kind);
        }
    }

    public Task<IReadOnlyList<ApiResource>> GetApiResourcesAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ApiResource>>(_resources.Values.ToList());
        }
    }

    public void InvalidateDiscovery()
    {
    }

    public Task<JsonObject?> GetAsync(string apiVersion, string kind, string? ns, string name, CancellationToken ct)
    {
        Enter(new FakeCall("get", kind, ns, name));
        return Task.FromResult(Find(apiVersion, kind, ns, name));
    }

    public Task<ObjectList> ListAsync(string apiVersion, string kind, string? ns, ListOptions options, CancellationToken ct) =>
        ListAllAsync(apiVersion, kind, ns, options, ct);

    public Task<ObjectList> ListAllAsync(string apiVersion, string kind, string? ns, ListOptions options, CancellationToken ct)
    {
        Enter(new FakeCall("list", kind, ns, ""));
        lock (_gate)
        {
            var items = _objects.Where(o => o.Key.ApiVersion == apiVersion && o.Key.Kind == kind && (ns is null || o.Key.Ns == ns))
                .Select(o => o.Value)
                .Where(o => Matches(o, options.LabelSelector))
                .Select(o => (JsonObject)o.DeepClone())
                .ToList();
            return Task.FromResult(new ObjectList(items, _resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), null));
        }
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(string apiVersion, string kind, string? ns, ListOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        Enter(new FakeCall("watch", kind, ns, ""));
        var channel = Channel.CreateUnbounded<WatchEvent>();
        lock (_gate)
        {
            // Replays what happened since the list, as a real watch from a resourceVersion does.
            var since = long.TryParse(options.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture, out var rv) ? rv : _resourceVersion;
            foreach (var (version, e) in _history.Where(h => h.ResourceVersion > since && h.Event.Object.GetApiVersion() == apiVersion && h.Event.Object.GetKind() == kind))
            {
                channel.Writer.TryWrite(new WatchEvent(e.Type, (JsonObject)e.Object.DeepClone()));
            }

            _watches.Add((apiVersion, kind, channel));
        }

        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(ct))
            {
                if ((ns is null || e.Object.GetNamespace() == ns) && Matches(e.Object, options.LabelSelector))
                {
                    yield return e;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _watches.RemoveAll(w => w.Channel == channel);
            }
        }
    }

    public Task<JsonObject> ApplyAsync(JsonObject obj, ApplyOptions options, CancellationToken ct)
    {
        var ns = NullIfEmpty(obj.GetNamespace());
        Enter(new FakeCall("apply", obj.GetKind(), ns, obj.GetName(), options.DryRun));
        lock (_gate)
        {
            var key = (obj.GetApiVersion(), obj.GetKind(), ns ?? "", obj.GetName());
            var existing = _objects.GetValueOrDefault(key);
            var applied = (JsonObject)obj.DeepClone();
            var metadata = applied.GetOrAddObject("metadata");
            var others = (existing?.GetArrayAt("metadata", "managedFields") ?? []).OfType<JsonObject>()
                .Where(e => e.GetStringAt("manager") != options.FieldManager || e.GetStringAt("operation") != "Apply")
                .Select(e => e.DeepClone());
            var ours = new JsonObject
            {
                ["manager"] = options.FieldManager,
                ["operation"] = "Apply",
                ["apiVersion"] = obj.GetApiVersion(),
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = FieldSet.FromObject(WithoutMetadataSystemFields(obj), ListTypeTable.Builtin).ToFieldsV1(),
            };
            metadata["managedFields"] = new JsonArray([.. others, ours]);
            foreach (var kept in new[] { "uid", "creationTimestamp", "resourceVersion" })
            {
                if (existing?.GetStringAt("metadata", kept) is { } value)
                {
                    metadata[kept] = value;
                }
            }

            if (existing?["status"] is { } status)
            {
                applied["status"] = status.DeepClone();
            }

            return Task.FromResult(options.DryRun ? applied : Store(applied, existing is null ? WatchEventType.Added : WatchEventType.Modified));
        }
    }

    public Task<JsonObject> ApplyStatusAsync(JsonObject obj, ApplyOptions options, CancellationToken ct) =>
        PatchAsync(obj.GetApiVersion(), obj.GetKind(), NullIfEmpty(obj.GetNamespace()), obj.GetName(), new JsonObject { ["status"] = obj["status"]?.DeepClone() }, PatchType.Merge, ct, "status");

    public Task<JsonObject> PatchAsync(string apiVersion, string kind, string? ns, string name, JsonNode patch, PatchType type, CancellationToken ct, string? subresource = null)
    {
        Enter(new FakeCall(subresource is null ? "patch" : $"patch/{subresource}", kind, ns, name));
        lock (_gate)
        {
            var existing = _objects.GetValueOrDefault((apiVersion, kind, ns ?? "", name))
                ?? throw new KubernetesNotFoundException("NotFound", $"{kind} \"{name}\" not found", []);
            var merged = (JsonObject)existing.DeepClone();
            var effective = (JsonObject)patch.DeepClone();
            if (subresource == "status")
            {
                effective = new JsonObject { ["status"] = effective["status"]?.DeepClone() };
            }
            else
            {
                effective.Remove("status");
            }

            MergePatch(merged, effective);
            return Task.FromResult(Store(merged, WatchEventType.Modified));
        }
    }

    public Task<JsonObject> CreateAsync(JsonObject obj, CancellationToken ct)
    {
        Enter(new FakeCall("create", obj.GetKind(), NullIfEmpty(obj.GetNamespace()), obj.GetName()));
        lock (_gate)
        {
            return Task.FromResult(Store((JsonObject)obj.DeepClone(), WatchEventType.Added));
        }
    }

    public Task<JsonObject> ReplaceAsync(JsonObject obj, CancellationToken ct)
    {
        Enter(new FakeCall("replace", obj.GetKind(), NullIfEmpty(obj.GetNamespace()), obj.GetName()));
        lock (_gate)
        {
            return Task.FromResult(Store((JsonObject)obj.DeepClone(), WatchEventType.Modified));
        }
    }

    public Task<bool> DeleteAsync(string apiVersion, string kind, string? ns, string name, DeleteOptions options, CancellationToken ct)
    {
        Enter(new FakeCall("delete", kind, ns, name, options.DryRun));
        lock (_gate)
        {
            var key = (apiVersion, kind, ns ?? "", name);
            if (options.DryRun || !_objects.Remove(key, out var removed))
            {
                return Task.FromResult(false);
            }

            removed["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Publish(new WatchEvent(WatchEventType.Deleted, removed));
            return Task.FromResult(true);
        }
    }

    public IKubernetesApi AsServiceAccount(string @namespace, string name) => new Impersonated(this, Impersonation.ServiceAccountUser(@namespace, name));

    private void Enter(FakeCall call)
    {
        call = call with { User = _actingAs.Value };
        Calls.Enqueue(call);
        List<Func<FakeCall, Exception?>> faults;
        lock (_gate)
        {
            faults = [.. _faults];
        }

        foreach (var fault in faults)
        {
            if (fault(call) is { } error)
            {
                throw error;
            }
        }
    }

    private JsonObject Store(JsonObject obj, WatchEventType type)
    {
        var metadata = obj.GetOrAddObject("metadata");
        metadata["uid"] ??= Guid.NewGuid().ToString();
        metadata["creationTimestamp"] ??= "2026-01-01T00:00:00Z";
        metadata["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
        metadata["generation"] ??= 1;
        _objects[(obj.GetApiVersion(), obj.GetKind(), obj.GetNamespace(), obj.GetName())] = obj;
        Publish(new WatchEvent(type, (JsonObject)obj.DeepClone()));
        return (JsonObject)obj.DeepClone();
    }

    private void Publish(WatchEvent e)
    {
        _history.Add((_resourceVersion, e));
        foreach (var watch in _watches.Where(w => w.ApiVersion == e.Object.GetApiVersion() && w.Kind == e.Object.GetKind()))
        {
            watch.Channel.Writer.TryWrite(new WatchEvent(e.Type, (JsonObject)e.Object.DeepClone()));
        }
    }

    /// <summary>"key" (exists) or "key=value", comma-separated: the selectors the controller sends.</summary>
    private static bool Matches(JsonObject obj, string? selector) =>
        string.IsNullOrEmpty(selector) || selector.Split(',').All(term =>
        {
            var eq = term.IndexOf('=', StringComparison.Ordinal);
            var value = obj.GetLabel(eq < 0 ? term : term[..eq]);
            return eq < 0 ? value is not null : value == term[(eq + 1)..];
        });

    private static JsonObject WithoutMetadataSystemFields(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove("status");
        return copy;
    }

    /// <summary>RFC 7386: objects merge, null removes, anything else replaces.</summary>
    private static void MergePatch(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject child && target[key] is JsonObject existing)
            {
                MergePatch(existing, child);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    /// <summary>The same store and faults; every call is recorded as <paramref name="user"/>'s.</summary>
    private sealed class Impersonated(FakeKubernetesApi inner, string user) : IKubernetesApi
    {
        public Task<ApiResource> ResolveAsync(string apiVersion, string kind, CancellationToken ct) => inner.ResolveAsync(apiVersion, kind, ct);

        public Task<IReadOnlyList<ApiResource>> GetApiResourcesAsync(CancellationToken ct) => inner.GetApiResourcesAsync(ct);

        public void InvalidateDiscovery() => inner.InvalidateDiscovery();

        public Task<JsonObject?> GetAsync(string apiVersion, string kind, string? ns, string name, CancellationToken ct) => As(() => inner.GetAsync(apiVersion, kind, ns, name, ct));

        public Task<ObjectList> ListAsync(string apiVersion, string kind, string? ns, ListOptions options, CancellationToken ct) => As(() => inner.ListAsync(apiVersion, kind, ns, options, ct));

        public Task<ObjectList> ListAllAsync(string apiVersion, string kind, string? ns, ListOptions options, CancellationToken ct) => As(() => inner.ListAllAsync(apiVersion, kind, ns, options, ct));

        public IAsyncEnumerable<WatchEvent> WatchAsync(string apiVersion, string kind, string? ns, ListOptions options, CancellationToken ct) =>
            throw new NotSupportedException("the controller watches with its own identity");

        public Task<JsonObject> ApplyAsync(JsonObject obj, ApplyOptions options, CancellationToken ct) => As(() => inner.ApplyAsync(obj, options, ct));

        public Task<JsonObject> ApplyStatusAsync(JsonObject obj, ApplyOptions options, CancellationToken ct) => As(() => inner.ApplyStatusAsync(obj, options, ct));

        public Task<JsonObject> PatchAsync(string apiVersion, string kind, string? ns, string name, JsonNode patch, PatchType type, CancellationToken ct, string? subresource = null) =>
            As(() => inner.PatchAsync(apiVersion, kind, ns, name, patch, type, ct, subresource));

        public Task<JsonObject> CreateAsync(JsonObject obj, CancellationToken ct) => As(() => inner.CreateAsync(obj, ct));

        public Task<JsonObject> ReplaceAsync(JsonObject obj, CancellationToken ct) => As(() => inner.ReplaceAsync(obj, ct));

        public Task<bool> DeleteAsync(string apiVersion, string kind, string? ns, string name, DeleteOptions options, CancellationToken ct) => As(() => inner.DeleteAsync(apiVersion, kind, ns, name, options, ct));

        private Task<T> As<T>(Func<Task<T>> call)
        {
            // Every fake call records synchronously, so the flowing value is seen by Enter and restored at once.
            var previous = inner._actingAs.Value;
            inner._actingAs.Value = user;
            try
            {
                return call();
            }
            finally
            {
                inner._actingAs.Value = previous;
            }
        }
    }
}
