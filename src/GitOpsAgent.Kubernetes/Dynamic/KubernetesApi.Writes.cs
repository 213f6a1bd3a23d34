using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using k8s.Autorest;
using k8s.Models;

namespace GitOpsAgent.Kubernetes;

public sealed partial class KubernetesApi
{
    public Task<JsonObject> ApplyAsync(JsonObject obj, ApplyOptions options, CancellationToken ct) => ApplyCoreAsync(obj, options, null, ct);

    public Task<JsonObject> ApplyStatusAsync(JsonObject obj, ApplyOptions options, CancellationToken ct) => ApplyCoreAsync(obj, options, "status", ct);

    public async Task<JsonObject> PatchAsync(string apiVersion, string kind, string? ns, string name, JsonNode patch, PatchType type, CancellationToken ct, string? subresource = null)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var a = AddressOf(await ResolveAsync(apiVersion, kind, ct), ns, name);
        var body = new V1Patch(patch, type switch
        {
            PatchType.Merge => V1Patch.PatchType.MergePatch,
            PatchType.Json => V1Patch.PatchType.JsonPatch,
            _ => V1Patch.PatchType.StrategicMergePatch,
        });
        return await CallAsync(a, "patch", (headers, token) => PatchCall(a, subresource, body, null, null, null, headers, token), ct);
    }

    private async Task<JsonObject> ApplyCoreAsync(JsonObject obj, ApplyOptions options, string? subresource, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(options);
        var a = AddressOf(await ResolveAsync(obj.GetApiVersion(), obj.GetKind(), ct), obj.GetNamespace(), RequireName(obj));
        var body = new V1Patch(obj, V1Patch.PatchType.ApplyPatch);
        return await CallAsync(a, "apply", (headers, token) => PatchCall(a, subresource, body, options.FieldManager,
            options.Force ? true : null, options.DryRun ? "All" : null, headers, token), ct);
    }

    /// <summary>One PATCH through the CustomObjects call for the scope (namespaced or cluster) and subresource (none, status, scale).</summary>
    private Task<HttpOperationResponse<JsonObject>> PatchCall(ResourceAddress a, string? subresource, V1Patch body, string? fieldManager, bool? force, string? dryRun,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? headers, CancellationToken ct) => (subresource, a.InNamespace) switch
    {
        (null or "", true) => Objects.PatchNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(body, a.Group, a.Version, a.Namespace, a.Plural, a.Name, dryRun, fieldManager, force: force, customHeaders: headers, cancellationToken: ct),
        (null or "", false) => Objects.PatchClusterCustomObjectWithHttpMessagesAsync<JsonObject>(body, a.Group, a.Version, a.Plural, a.Name, dryRun, fieldManager, force: force, customHeaders: headers, cancellationToken: ct),
        ("status", true) => Objects.PatchNamespacedCustomObjectStatusWithHttpMessagesAsync<JsonObject>(body, a.Group, a.Version, a.Namespace, a.Plural, a.Name, dryRun, fieldManager, force: force, customHeaders: headers, cancellationToken: ct),
        ("status", false) => Objects.PatchClusterCustomObjectStatusWithHttpMessagesAsync<JsonObject>(body, a.Group, a.Version, a.Plural, a.Name, dryRun, fieldManager, force: force, customHeaders: headers, cancellationToken: ct),
        ("scale", true) => Objects.PatchNamespacedCustomObjectScaleWithHttpMessagesAsync<JsonObject>(body, a.Group, a.Version, a.Namespace, a.Plural, a.Name, dryRun, fieldManager, force: force, customHeaders: headers, cancellationToken: ct),
        ("scale", false) => Objects.PatchClusterCustomObjectScaleWithHttpMessagesAsync<JsonObject>(body, a.Group, a.Version, a.Plural, a.Name, dryRun, fieldManager, force: force, customHeaders: headers, cancellationToken: ct),
        _ => throw new ArgumentException($"subresource \"{subresource}\" is not supported (status and scale are)", nameof(subresource)),
    };
}
