using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Git;
using GitOpsAgent.Rendering;

namespace GitOpsAgent.Controller.Reconcile;

public sealed partial class Reconciler
{
    /// <summary>
    /// Renders the checkout. A failure throws and becomes the outcome: the last synced state stays in effect, nothing
    /// is applied or pruned, and the message names the file and line.
    /// </summary>
    private async Task<ReconcileOutcome?> RenderAsync(ReconcileContext context, CancellationToken ct)
    {
        context.Stage = ReconcileStage.Render;
        var source = context.App.Spec.Source;
        var request = context.Chart is { } chart ? ChartRenderRequest(context, chart) : new RenderRequest(
            context.Checkout!.Directory,
            string.IsNullOrEmpty(source.Path) ? "." : source.Path,
            source,
            DestinationNamespace(context),
            $"{RepoUrl.Normalize(source.RepoURL)}@{context.Revision}")
        {
            ApplicationName = context.Key.Name,
        };
        var result = await _renderer.RenderAsync(request, _schemas.Scope, ct);
        (context.Desired, context.Hooks) = Hook.Split(result.Objects.Select(m => m with { Object = Tracking.Stamp(m.Object, context.Identity) }));
        context.RenderSucceeded = true;
        return null;
    }

    /// <summary>A pulled chart renders from its own folder; "$values/" files come from the values checkout; the cache key is the whole revision.</summary>
    private static RenderRequest ChartRenderRequest(ReconcileContext context, Rendering.Charts.PulledChart chart) =>
        new(chart.Root, chart.Folder, context.App.Spec.Source, context.App.Spec.Destination?.Namespace, $"{RepoUrl.Normalize(chart.Chart.RepoUrl)}/{chart.Chart.Name}@{context.Revision}")
        {
            ApplicationName = context.Key.Name,
            ValuesRepositoryRoot = context.ValuesCheckout?.Directory,
            ChartCredentials = context.ChartCredentials,
        };
}
