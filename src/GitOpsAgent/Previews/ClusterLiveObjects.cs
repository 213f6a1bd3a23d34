using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Previews;

/// <summary>
/// Live objects from the cluster, read as `gitops-agent app diff` reads them (Cli/LiveState): each desired object by
/// GET, and what the Application tracks of every kind of the head and of its last status; in the remote cluster of a
/// spec.destination.kubeConfig, whose Secret is read through <paramref name="kube"/>.
/// </summary>
public sealed class ClusterLiveObjects(IKubernetesApi kube) : ILiveObjectSource
{
    public async Task<IReadOnlyList<JsonObject>> ReadAsync(Application app, IReadOnlyList<JsonObject> desired, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(desired);
        var identity = new AppIdentity(app.Metadata.Namespace ?? "", app.Metadata.Name ?? "");
        var lastKinds = (app.Status?.Resources ?? []).Select(r => (r.Group.Length == 0 ? r.Version : $"{r.Group}/{r.Version}", r.Kind));
        using var destination = await Cli.App.ApplicationDestination.ConnectAsync(kube, app, identity, ct);
        var live = await Cli.LiveState.ReadAsync(destination.Api, desired, identity, lastKinds, ct);
        return live.ByKey.Values.ToList();
    }
}
