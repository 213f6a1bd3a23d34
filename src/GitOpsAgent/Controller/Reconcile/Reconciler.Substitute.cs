using System.Text.Json;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Status;

namespace GitOpsAgent.Controller.Reconcile;

public sealed partial class Reconciler
{
    /// <summary>
    /// The variables of spec.substitute for the render (<see cref="ApplicationVariables.ReadSubstitutionsAsync"/>, read
    /// as the Application). A reconcile caused only by a managed object's change reuses the last answer (no API
    /// request), as the revision does.
    /// </summary>
    private async Task<ReconcileOutcome?> ResolveSubstitutionsAsync(ReconcileContext context, CancellationToken ct)
    {
        context.Stage = ReconcileStage.Render;
        var spec = context.App.Spec;
        if (spec.Substitute is null && spec.SubstituteFrom is null)
        {
            return null;
        }

        var specKey = JsonSerializer.Serialize(new { spec.Substitute, spec.SubstituteFrom }, ApplicationSerializer.Options);
        var onlyObjectsChanged = (context.Triggers & ~ReconcileTriggers.ObjectChanged) == ReconcileTriggers.None && !context.RefreshRequested;
        if (onlyObjectsChanged && context.Memory.Substitutions is { } remembered && remembered.SpecKey == specKey)
        {
            context.Substitutions = remembered.Variables;
            return null;
        }

        try
        {
            context.Substitutions = await ApplicationVariables.ReadSubstitutionsAsync(context.HomeApi, context.Key.Namespace, spec, ClusterVariables, ct);
        }
        catch (SubstitutionSourceException ex)
        {
            return ex.Retryable
                ? ReconcileOutcome.Retry(ConditionReasons.SubstitutionFailed, ex.Message)
                : ReconcileOutcome.Stall(ConditionReasons.SubstitutionFailed, ex.Message);
        }

        context.Memory.Substitutions = (specKey, context.Substitutions!);
        return null;
    }
}
