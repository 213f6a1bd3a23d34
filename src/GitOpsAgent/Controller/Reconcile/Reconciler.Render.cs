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
        var request = context.Chart is { } chart
            ? ApplicationComparison.ChartRenderRequest(context.Identity, context.App, chart, context.ValuesCheckout?.Directory, context.ChartCredentials, context.Revision!)
            : ApplicationComparison.RenderRequest(context.Identity, context.App, context.Checkout!.Directory, context.Revision!);
        var result = await _renderer.RenderAsync(request, context.Destination.Schemas.Scope, ct);
        (context.Desired, context.Hooks) = Hook.Split(ApplicationComparison.Stamp(result.Objects, context.Identity));
        context.RenderSucceeded = true;
        return null;
    }
}
