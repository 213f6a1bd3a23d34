using System.Text.Json.Nodes;

namespace GitOpsAgent.Kubernetes;

/// <summary>The dynamic Kubernetes API the agent needs: discovery, reads, watches and writes of any kind as JSON.</summary>
public interface IKubernetesApi
{
    /// <summary>Discovery (cached); an unknown kind refreshes discovery once before failing with <see cref="KubernetesUnknownKindException"/>.</summary>
    Task<ApiResource> ResolveAsync(string apiVersion, string kind, CancellationToken ct);

    Task<IReadOnlyList<ApiResource>> GetApiResourcesAsync(CancellationToken ct);

    void InvalidateDiscovery();

    /// <summary>The object, or null when it does not exist.</summary>
    Task<JsonObject?> GetAsync(string apiVersion, string kind, string? ns, string name, CancellationToken ct);

    /// <summary>One page (limit/continue).</summary>
    Task<ObjectList> ListAsync(string apiVersion, string kind, string? ns, ListOptions options, CancellationToken ct);

    /// <summary>Every page, following continue tokens.</summary>
    Task<ObjectList> ListAllAsync(string apiVersion, string kind, string? ns, ListOptions options, CancellationToken ct);

    /// <summary>One raw watch stream; throws <see cref="KubernetesGoneException"/> on 410 (HTTP status or an ERROR event).</summary>
    IAsyncEnumerable<WatchEvent> WatchAsync(string apiVersion, string kind, string? ns, ListOptions options, CancellationToken ct);

    /// <summary>Server-side apply: PATCH application/apply-patch+yaml with the object as JSON.</summary>
    Task<JsonObject> ApplyAsync(JsonObject obj, ApplyOptions options, CancellationToken ct);

    /// <summary>Server-side apply on the /status subresource.</summary>
    Task<JsonObject> ApplyStatusAsync(JsonObject obj, ApplyOptions options, CancellationToken ct);

    Task<JsonObject> PatchAsync(string apiVersion, string kind, string? ns, string name, JsonNode patch, PatchType type, CancellationToken ct, string? subresource = null);

    Task<JsonObject> CreateAsync(JsonObject obj, CancellationToken ct);

    /// <summary>PUT; metadata.resourceVersion in the object is the optimistic-concurrency precondition.</summary>
    Task<JsonObject> ReplaceAsync(JsonObject obj, CancellationToken ct);

    /// <summary>False when the object did not exist.</summary>
    Task<bool> DeleteAsync(string apiVersion, string kind, string? ns, string name, DeleteOptions options, CancellationToken ct);
}
