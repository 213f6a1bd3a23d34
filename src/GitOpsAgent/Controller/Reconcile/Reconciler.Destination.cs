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
        Destinations.Destination destination;
        try
        {
            // A managed object's change re-diffs on the connection in use, as it reuses the last revision: no Secret read.
            destination = context.Triggers == ReconcileTriggers.ObjectChanged && context.App.Spec.Destination?.KubeConfig is not null
                && Destinations.ConnectedRemoteOf(context.Key) is { } current
                ? current
                : await Destinations.ForAsync(context.Key, context.App, context.HomeApi, ct);
        }
        catch (CredentialsNotFoundException) when (context.App.Metadata.DeletionTimestamp is not null && Destinations.ConnectedRemoteOf(context.Key) is { } connected)
        {
            // Deleting a namespace deletes the Secret with the Application: delete its objects through the connection still open.
            destination = connected;
        }

        context.Destination = destination;
        context.Api = destination.ApiFor(context.ServiceAccount);
        return destination.Unavailable is { } failure
            ? ReconcileOutcome.Retry(ConditionReasons.ClusterUnavailable, $"{destination.Name} is unreachable, nothing is applied or pruned until it answers: {failure}")
            : null;
    }
}
