using GitOpsAgent.Core.Status;

namespace GitOpsAgent.Controller.Reconcile;

public sealed partial class Reconciler
{
    /// <summary>
    /// The cluster the Application deploys into: its own reads, applies and prunes go there (impersonating its
    /// ServiceAccount there too). A remote cluster whose watches fail is ClusterUnavailable before anything is
    /// compared, applied or pruned on stale live state.
    /// </summary>
    private async Task<ReconcileOutcome?> ResolveDestinationAsync(ReconcileContext context, CancellationToken ct)
    {
        context.Stage = ReconcileStage.Destination;
        var destination = await Destinations.ForAsync(context.Key, context.App, context.Api, ct);
        context.Destination = destination;
        context.Api = destination.ApiFor(context.ServiceAccount);
        return destination.Unavailable is { } failure
            ? ReconcileOutcome.Retry(ConditionReasons.ClusterUnavailable, $"{destination.Name} is unreachable, nothing is applied or pruned until it answers: {failure}")
            : null;
    }
}
