using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Kubernetes;

public sealed partial class KubernetesClient
{
    public async Task<JsonObject?> GetAsync(string apiVersion, string kind, string? ns, string name, CancellationToken ct)
    {
        var resource = await ResolveAsync(apiVersion, kind, ct);
        var path = ResourcePaths.Build(resource, NamespaceFor(resource, ns), name);
        try
        {
            return await SendForObjectAsync(new RequestSpec("get", resource.Plural, HttpMethod.Get, path), ct);
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
        var path = ResourcePaths.WithQuery(ResourcePaths.Build(resource, resource.Namespaced ? ns : null, null), ResourcePaths.ListQuery(options, watch: false));
        var list = await SendForObjectAsync(new RequestSpec("list", resource.Plural, HttpMethod.Get, path), ct);
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

    public Task<JsonObject> ApplyAsync(JsonObject obj, ApplyOptions options, CancellationToken ct) => ApplyCoreAsync(obj, options, null, ct);

    public Task<JsonObject> ApplyStatusAsync(JsonObject obj, ApplyOptions options, CancellationToken ct) => ApplyCoreAsync(obj, options, "status", ct);

    private async Task<JsonObject> ApplyCoreAsync(JsonObject obj, ApplyOptions options, string? subresource, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(options);
        var resource = await ResolveAsync(obj.GetApiVersion(), obj.GetKind(), ct);
        var path = ResourcePaths.WithQuery(
            ResourcePaths.Build(resource, NamespaceFor(resource, obj.GetNamespace()), RequireName(obj), subresource),
            ("fieldManager", options.FieldManager),
            ("force", options.Force ? "true" : null),
            ("dryRun", options.DryRun ? "All" : null));
        var body = obj.ToJsonString();
        return await SendForObjectAsync(new RequestSpec("apply", resource.Plural, HttpMethod.Patch, path, () => JsonContent(body, "application/apply-patch+yaml")), ct);
    }

    public async Task<JsonObject> PatchAsync(string apiVersion, string kind, string? ns, string name, JsonNode patch, PatchType type, CancellationToken ct, string? subresource = null)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var resource = await ResolveAsync(apiVersion, kind, ct);
        var path = ResourcePaths.Build(resource, NamespaceFor(resource, ns), name, subresource);
        var mediaType = type switch
        {
            PatchType.Merge => "application/merge-patch+json",
            PatchType.Json => "application/json-patch+json",
            _ => "application/strategic-merge-patch+json",
        };
        var body = patch.ToJsonString();
        return await SendForObjectAsync(new RequestSpec("patch", resource.Plural, HttpMethod.Patch, path, () => JsonContent(body, mediaType)), ct);
    }

    public async Task<JsonObject> CreateAsync(JsonObject obj, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var resource = await ResolveAsync(obj.GetApiVersion(), obj.GetKind(), ct);
        var path = ResourcePaths.Build(resource, NamespaceFor(resource, obj.GetNamespace()), null);
        var body = obj.ToJsonString();
        return await SendForObjectAsync(new RequestSpec("create", resource.Plural, HttpMethod.Post, path, () => JsonContent(body, "application/json")), ct);
    }

    public async Task<JsonObject> ReplaceAsync(JsonObject obj, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var resource = await ResolveAsync(obj.GetApiVersion(), obj.GetKind(), ct);
        var path = ResourcePaths.Build(resource, NamespaceFor(resource, obj.GetNamespace()), RequireName(obj));
        var body = obj.ToJsonString();
        return await SendForObjectAsync(new RequestSpec("update", resource.Plural, HttpMethod.Put, path, () => JsonContent(body, "application/json")), ct);
    }

    public async Task<bool> DeleteAsync(string apiVersion, string kind, string? ns, string name, DeleteOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var resource = await ResolveAsync(apiVersion, kind, ct);
        var path = ResourcePaths.Build(resource, NamespaceFor(resource, ns), name);
        var body = DeleteBody(options).ToJsonString();
        try
        {
            using var response = await SendAsync(new RequestSpec("delete", resource.Plural, HttpMethod.Delete, path, () => JsonContent(body, "application/json")), ct);
            return true;
        }
        catch (KubernetesNotFoundException)
        {
            return false;
        }
    }

    internal static JsonObject DeleteBody(DeleteOptions options)
    {
        var body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "DeleteOptions" };
        if (options.PropagationPolicy is not null)
        {
            body["propagationPolicy"] = options.PropagationPolicy;
        }

        if (options.PreconditionUid is not null || options.PreconditionResourceVersion is not null)
        {
            var preconditions = new JsonObject();
            if (options.PreconditionUid is not null)
            {
                preconditions["uid"] = options.PreconditionUid;
            }

            if (options.PreconditionResourceVersion is not null)
            {
                preconditions["resourceVersion"] = options.PreconditionResourceVersion;
            }

            body["preconditions"] = preconditions;
        }

        if (options.DryRun)
        {
            body["dryRun"] = new JsonArray("All");
        }

        return body;
    }

    private static string RequireName(JsonObject obj)
    {
        var name = obj.GetName();
        return name.Length > 0 ? name : throw new ArgumentException($"the {obj.GetKind()} object has no metadata.name", nameof(obj));
    }

    /// <summary>Exact media type without a charset parameter: the API server matches patch types literally.</summary>
    private static ByteArrayContent JsonContent(string body, string mediaType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }
}
