using System.Text.Json.Nodes;

namespace GitOpsAgent.Kubernetes.Tests.Fakes;

/// <summary>Base for hand-written API fakes: every member throws unless the fake overrides it.</summary>
public abstract class UnsupportedApi : IKubernetesApi
{
    public virtual Task<ApiResource> ResolveAsync(string apiVersion, string kind, CancellationToken ct) => throw new NotSupportedException();
    public virtual Task<IReadOnlyList<ApiResource>> GetApiResourcesAsync(CancellationToken ct) => throw new NotSupportedException();
    public virtual void InvalidateDiscovery() => throw new NotSupportedException();
    public virtual Task<JsonObject?> GetAsync(string apiVersion, string kind, string? ns, string name, CancellationToken ct) => throw new NotSupportedException();
    public virtual Task<ObjectList> ListAsync(string apiVersion, string kind, string? ns, ListOptions options, CancellationToken ct) => throw new NotSupportedException();
    public virtual Task<ObjectList> ListAllAsync(string apiVersion, string kind, string? ns, ListOptions options, CancellationToken ct) => throw new NotSupportedException();
    public virtual IAsyncEnumerable<WatchEvent> WatchAsync(string apiVersion, string kind, string? ns, ListOptions options, CancellationToken ct) => throw new NotSupportedException();
    public virtual Task<JsonObject> ApplyAsync(JsonObject obj, ApplyOptions options, CancellationToken ct) => throw new NotSupportedException();
    public virtual Task<JsonObject> ApplyStatusAsync(JsonObject obj, ApplyOptions options, CancellationToken ct) => throw new NotSupportedException();
    public virtual Task<JsonObject> PatchAsync(string apiVersion, string kind, string? ns, string name, JsonNode patch, PatchType type, CancellationToken ct, string? subresource = null) => throw new NotSupportedException();
    public virtual Task<JsonObject> CreateAsync(JsonObject obj, CancellationToken ct) => throw new NotSupportedException();
    public virtual Task<JsonObject> ReplaceAsync(JsonObject obj, CancellationToken ct) => throw new NotSupportedException();
    public virtual Task<bool> DeleteAsync(string apiVersion, string kind, string? ns, string name, DeleteOptions options, CancellationToken ct) => throw new NotSupportedException();
}
