using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Git;
using GitOpsAgent.Rendering;
using GitOpsAgent.Rendering.Inputs;

namespace GitOpsAgent.Controller.Reconcile;

public sealed partial class Reconciler
{
    /// <summary>
    /// Renders the checkout. A failure throws and becomes the outcome: the last synced state stays in effect, nothing
    /// is applied or pruned, and the message names the file and line. A new commit that changes none of the
    /// Application's inputs (its path and what it reaches) is not rendered again: nothing it reads changed, so the last
    /// render stands for the new revision (a monorepo commit renders only the Applications it touches).
    /// </summary>
    private async Task<ReconcileOutcome?> RenderAsync(ReconcileContext context, CancellationToken ct)
    {
        context.Stage = ReconcileStage.Render;
        IReadOnlyList<Manifest> objects;
        if (context.Chart is { } chart)
        {
            var request = ApplicationComparison.ChartRenderRequest(context.Identity, context.App, chart, context.ValuesCheckout?.Directory, context.ChartCredentials, context.Revision!)
                with { Substitutions = context.Substitutions };
            objects = (await _renderer.RenderAsync(request, context.Destination.Schemas.Scope, ct)).Objects;
        }
        else
        {
            // The fingerprint holds the substitution variables (new values render again) and the destination (its
            // kinds' scopes decide how the objects are stamped).
            var request = ApplicationComparison.RenderRequest(context.Identity, context.App, context.Checkout!.Directory, context.Revision!)
                with { Substitutions = context.Substitutions };
            var fingerprint = $"{RepoUrl.Normalize(context.App.Spec.Source.RepoURL)}\n{request.Path}\n{context.Destination.Name}\n{request.DestinationNamespace}\n{SourceOptionsHash.Compute(request)}";
            objects = await ReuseUnchangedRenderAsync(context, fingerprint, ct) ?? await RenderAndRememberAsync(context, request, fingerprint, ct);
        }

        (context.Desired, context.Hooks) = Hook.Split(ApplicationComparison.Stamp(objects.Select(m => m with { Object = m.Object.DeepClone().AsObject() }), context.Identity));
        context.RenderSucceeded = true;
        return null;
    }

    private async Task<IReadOnlyList<Manifest>> RenderAndRememberAsync(ReconcileContext context, RenderRequest request, string fingerprint, CancellationToken ct)
    {
        context.Memory.LastRender = null;
        var result = await _renderer.RenderAsync(request, context.Destination.Schemas.Scope, ct);
        if (InputsOf(context) is { } inputs)
        {
            context.Memory.LastRender = new RenderMemory(fingerprint, context.Revision!, result.Objects, inputs);
        }

        return result.Objects;
    }

    /// <summary>
    /// The last render, when it was made for the same request at an older commit and `git diff --name-only` between the
    /// two touches none of the inputs of either; null when anything is in doubt (then the caller renders).
    /// </summary>
    private async Task<IReadOnlyList<Manifest>?> ReuseUnchangedRenderAsync(ReconcileContext context, string fingerprint, CancellationToken ct)
    {
        if (context.Memory.LastRender is not { } last || last.Fingerprint != fingerprint || last.Revision == context.Revision)
        {
            return null;
        }

        var changed = await _git.ChangedPathsAsync(context.App.Spec.Source.RepoURL, last.Revision, context.Revision!, ct);
        if (changed is null || InputsOf(context) is not { } inputs || last.Inputs.Union(inputs).Touched(changed).Count > 0)
        {
            return null;
        }

        Log.RenderReused(_logger, context.Key, last.Revision, context.Revision!, changed.Count);
        _metrics.RecordRenderSkipped();
        context.Memory.LastRender = last with { Revision = context.Revision!, Inputs = inputs };
        return last.Objects;
    }

    /// <summary>The inputs at this checkout; null when they cannot be read (the render then says what is wrong).</summary>
    private static ApplicationInputs? InputsOf(ReconcileContext context)
    {
        try
        {
            return InputCollector.Collect(context.Checkout!.Directory, context.App.Spec.Source);
        }
        catch (RenderException)
        {
            return null;
        }
    }
}
