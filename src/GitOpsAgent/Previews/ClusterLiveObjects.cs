using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Previews;

/// <summary>
/// Live objects from the cluster: one GET per desired object, and one list per kind (of the head and of the
/// Application's last status) by our tracking label, keeping only objects whose tracking annotation names them. A
/// kind the cluster does not serve has no live objects (every object of it would be created).
/// </summary>
public sealed class ClusterLiveObjects(IKubernetesApi kube) : ILiveObjectSource
{
    public async Task<IReadOnlyList<JsonObject>> ReadAsync(Application app, IReadOnlyList<JsonObject> desired, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(desired);
        var identity = new AppIdentity(app.Metadata.Namespace ?? "", app.Metadata.Name ?? "");
        var found = new Dictionary<ResourceKey, JsonObject>();
        foreach (var obj in desired)
        {
            if (await ResolveAsync(obj.GetApiVersion(), obj.GetKind(), ct) is not { } resource)
            {
                continue;
            }

            if (await kube.GetAsync(obj.GetApiVersion(), obj.GetKind(), resource.Namespaced ? obj.GetNamespace() : null, obj.GetName(), ct) is { } live)
            {
                live["apiVersion"] ??= obj.GetApiVersion();
                live["kind"] ??= obj.GetKind();
                found[ResourceKey.Of(live)] = live;
            }
        }

        var kinds = desired.Select(o => (ApiVersion: o.GetApiVersion(), Kind: o.GetKind()))
            .Concat((app.Status?.Resources ?? []).Select(r => (ApiVersion: r.Group.Length == 0 ? r.Version : $"{r.Group}/{r.Version}", r.Kind)))
            .Distinct();
        var selector = $"{Tracking.LabelKey}={Tracking.LabelValue(identity)}";
        foreach (var (apiVersion, kind) in kinds)
        {
            if (await ResolveAsync(apiVersion, kind, ct) is null)
            {
                continue;
            }

            var list = await kube.ListAllAsync(apiVersion, kind, null, new ListOptions(LabelSelector: selector), ct);
            foreach (var item in list.Items.Where(i => Tracking.IsOwnedBy(i, identity)))
            {
                found.TryAdd(ResourceKey.Of(item), item);
            }
        }

        return found.Values.ToList();
    }

    private async Task<ApiResource?> ResolveAsync(string apiVersion, string kind, CancellationToken ct)
    {
        try
        {
            return await kube.ResolveAsync(apiVersion, kind, ct);
        }
        catch (KubernetesUnknownKindException)
        {
            return null;
        }
    }
}
