using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using k8s.Models;

namespace GitOpsAgent.Kubernetes;

public sealed partial class KubernetesApi
{
    public async Task<JsonObject?> GetAsync(string apiVersion, string kind, string? ns, string name, CancellationToken ct)
    {
        var a = AddressOf(await ResolveAsync(apiVersion, kind, ct), ns, name);
        try
        {
            return await CallAsync(a, "get", (headers, token) => a.InNamespace
                ? Objects.GetNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(a.Group, a.Version, a.Namespace, a.Plural, a.Name, headers, token)
                : Objects.GetClusterCustomObjectWithHttpMessagesAsync<JsonObject>(a.Group, a.Version, a.Plural, a.Name, headers, token), ct);
        }
        catch (KubernetesNotFoundException)
        {
            return null;
        }
    }

    public async Task<ObjectList> ListAsync(string apiVersion, string kind, string? ns, ListOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var resource = await ResolveAsync(apiVersion, kind, ct);
        var a = CollectionOf(resource, ns);
        var list = await CallAsync(a, "list", (headers, token) => ListCall(a, options, watch: false, headers, token), ct);
        var items = new List<JsonObject>();
        foreach (var item in list.GetArrayAt("items")?.OfType<JsonObject>() ?? [])
        {
            // List items come without apiVersion/kind; fill them in as kubectl does.
            var copy = item.DeepClone().AsObject();
            copy["apiVersion"] ??= resource.ApiVersion;
            copy["kind"] ??= resource.Kind;
            items.Add(copy);
        }

        var next = list.GetStringAt("metadata", "continue");
        return new ObjectList(items, list.GetStringAt("metadata", "resourceVersion") ?? "", string.IsNullOrEmpty(next) ? null : next);
    }

    public async Task<ObjectList> ListAllAsync(string apiVersion, string kind, string? ns, ListOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var page = options with { Limit = options.Limit ?? 500, Continue = null };
        var first = await ListAsync(apiVersion, kind, ns, page, ct);
        var items = new List<JsonObject>(first.Items);
        var next = first.Continue;
        while (next is not null)
        {
            // Later pages are served from the first page's snapshot; a resourceVersion must not be sent with continue.
            var more = await ListAsync(apiVersion, kind, ns, page with { Continue = next, ResourceVersion = null }, ct);
            items.AddRange(more.Items);
            next = more.Continue;
        }

        return new ObjectList(items, first.ResourceVersion, null);
    }

    public async Task<JsonObject> CreateAsync(JsonObject obj, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var a = AddressOf(await ResolveAsync(obj.GetApiVersion(), obj.GetKind(), ct), obj.GetNamespace(), "");
        return await CallAsync(a, "create", (headers, token) => a.InNamespace
            ? Objects.CreateNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(obj, a.Group, a.Version, a.Namespace, a.Plural, customHeaders: headers, cancellationToken: token)
            : Objects.CreateClusterCustomObjectWithHttpMessagesAsync<JsonObject>(obj, a.Group, a.Version, a.Plural, customHeaders: headers, cancellationToken: token), ct);
    }

    public async Task<JsonObject> ReplaceAsync(JsonObject obj, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var a = AddressOf(await ResolveAsync(obj.GetApiVersion(), obj.GetKind(), ct), obj.GetNamespace(), RequireName(obj));
        return await CallAsync(a, "update", (headers, token) => a.InNamespace
            ? Objects.ReplaceNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(obj, a.Group, a.Version, a.Namespace, a.Plural, a.Name, customHeaders: headers, cancellationToken: token)
            : Objects.ReplaceClusterCustomObjectWithHttpMessagesAsync<JsonObject>(obj, a.Group, a.Version, a.Plural, a.Name, customHeaders: headers, cancellationToken: token), ct);
    }

    public async Task<bool> DeleteAsync(string apiVersion, string kind, string? ns, string name, DeleteOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var a = AddressOf(await ResolveAsync(apiVersion, kind, ct), ns, name);
        var body = DeleteBody(options);
        try
        {
            await CallAsync(a, "delete", (headers, token) => a.InNamespace
                ? Objects.DeleteNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(a.Group, a.Version, a.Namespace, a.Plural, a.Name, body, customHeaders: headers, cancellationToken: token)
                : Objects.DeleteClusterCustomObjectWithHttpMessagesAsync<JsonObject>(a.Group, a.Version, a.Plural, a.Name, body, customHeaders: headers, cancellationToken: token), ct);
            return true;
        }
        catch (KubernetesNotFoundException)
        {
            return false;
        }
    }

    internal static V1DeleteOptions DeleteBody(DeleteOptions options) => new()
    {
        ApiVersion = "v1",
        Kind = "DeleteOptions",
        PropagationPolicy = options.PropagationPolicy,
        Preconditions = options.PreconditionUid is null && options.PreconditionResourceVersion is null
            ? null
            : new V1Preconditions { Uid = options.PreconditionUid, ResourceVersion = options.PreconditionResourceVersion },
        DryRun = options.DryRun ? ["All"] : null,
    };

    private Task<k8s.Autorest.HttpOperationResponse<JsonObject>> ListCall(ResourceAddress a, ListOptions options, bool watch, IReadOnlyDictionary<string, IReadOnlyList<string>>? headers, CancellationToken ct)
    {
        bool? bookmarks = watch && options.AllowWatchBookmarks ? true : null;
        var continueToken = watch ? null : options.Continue;
        var limit = watch ? null : options.Limit;
        bool? watching = watch ? true : null;
        return a.InNamespace
            ? Objects.ListNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(a.Group, a.Version, a.Namespace, a.Plural, bookmarks, continueToken,
                options.FieldSelector, options.LabelSelector, limit, options.ResourceVersion, timeoutSeconds: options.TimeoutSeconds, watch: watching, customHeaders: headers, cancellationToken: ct)
            : a.Resource.Namespaced
                ? Objects.ListCustomObjectForAllNamespacesWithHttpMessagesAsync<JsonObject>(a.Group, a.Version, a.Plural, bookmarks, continueToken,
                    options.FieldSelector, options.LabelSelector, limit, options.ResourceVersion, timeoutSeconds: options.TimeoutSeconds, watch: watching, customHeaders: headers, cancellationToken: ct)
                : Objects.ListClusterCustomObjectWithHttpMessagesAsync<JsonObject>(a.Group, a.Version, a.Plural, bookmarks, continueToken,
                    options.FieldSelector, options.LabelSelector, limit, options.ResourceVersion, timeoutSeconds: options.TimeoutSeconds, watch: watching, customHeaders: headers, cancellationToken: ct);
    }
}
