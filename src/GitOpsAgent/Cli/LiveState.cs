using System.Text.Json.Nodes;
using GitOpsAgent.Controller.Cache;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Cli;

/// <summary>
/// The live counterpart of a desired set, read as the controller sees it: each desired object by GET, and the objects
/// an Application tracks (its label selector, then the tracking annotation, which a copied label lacks) of every
/// kind in play. A kind the cluster does not serve fails unless a CRD in the set defines it (then its objects are
/// creates), or it only comes from <c>extraKinds</c> (the last status: nothing of it can be left to prune).
/// </summary>
internal static class LiveState
{
    public static async Task<LiveObjects> ReadAsync(
        IKubernetesApi kube,
        IReadOnlyList<JsonObject> desired,
        AppIdentity? app,
        IEnumerable<(string ApiVersion, string Kind)> extraKinds,
        CancellationToken ct)
    {
        var desiredKinds = desired.Select(o => (ApiVersion: o.GetApiVersion(), Kind: o.GetKind())).ToHashSet();
        var definedHere = desired.Where(CustomResourceSchemas.IsCrd)
            .Select(crd => (crd.GetStringAt("spec", "group") ?? "", crd.GetStringAt("spec", "names", "kind") ?? ""))
            .ToHashSet();
        var served = new Dictionary<(string ApiVersion, string Kind), ApiResource>();
        foreach (var kind in desiredKinds.Concat(extraKinds).Distinct())
        {
            try
            {
                served[kind] = await kube.ResolveAsync(kind.ApiVersion, kind.Kind, ct);
            }
            catch (KubernetesUnknownKindException) when (definedHere.Contains((KubeObjectExtensions.SplitApiVersion(kind.ApiVersion).Group, kind.Kind)) || !desiredKinds.Contains(kind))
            {
                // Defined by a CRD of this same set (every such object is a create), or known only from the last status.
            }
        }

        var byKey = new Dictionary<ResourceKey, JsonObject>();
        foreach (var obj in desired)
        {
            if (!served.TryGetValue((obj.GetApiVersion(), obj.GetKind()), out var resource))
            {
                continue;
            }

            if (await kube.GetAsync(obj.GetApiVersion(), obj.GetKind(), resource.Namespaced ? obj.GetNamespace() : null, obj.GetName(), ct) is { } found)
            {
                found["apiVersion"] ??= obj.GetApiVersion();
                found["kind"] ??= obj.GetKind();
                byKey[ResourceKey.Of(found)] = found;
            }
        }

        var tracked = new List<JsonObject>();
        if (app is not null)
        {
            var selector = $"{Tracking.LabelKey}={Tracking.LabelValue(app)}";
            foreach (var (kind, _) in served)
            {
                var list = await kube.ListAllAsync(kind.ApiVersion, kind.Kind, null, new ListOptions(LabelSelector: selector), ct);
                foreach (var item in list.Items.Where(i => Tracking.IsOwnedBy(i, app)))
                {
                    tracked.Add(item);
                    byKey.TryAdd(ResourceKey.Of(item), item);
                }
            }
        }

        return new LiveObjects(byKey, tracked);
    }
}

/// <summary>Live objects by key (desired ones and tracked ones), and those the Application tracks (what may be pruned).</summary>
internal sealed record LiveObjects(Dictionary<ResourceKey, JsonObject> ByKey, List<JsonObject> Tracked);
