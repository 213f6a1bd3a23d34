using System.Text;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Variables;

namespace GitOpsAgent.Controller.Reconcile;

public sealed partial class Reconciler
{
    /// <summary>
    /// The variables of spec.substitute for the render: the cluster's, then each spec.substituteFrom ConfigMap or Secret
    /// (read as the Application, in its namespace), then the literal values. An Application without either substitutes nothing.
    /// </summary>
    private async Task<ReconcileOutcome?> ResolveSubstitutionsAsync(ReconcileContext context, CancellationToken ct)
    {
        context.Stage = ReconcileStage.Render;
        var spec = context.App.Spec;
        if (spec.Substitute is null && spec.SubstituteFrom is null)
        {
            return null;
        }

        var variables = _clusterVariables;
        try
        {
            foreach (var reference in spec.SubstituteFrom ?? [])
            {
                var what = $"{reference.Kind} {context.Key.Namespace}/{reference.Name} named by spec.substituteFrom";
                var data = await ReadSubstituteDataAsync(context, reference, ct);
                if (data is null)
                {
                    if (reference.Optional == true)
                    {
                        continue;
                    }

                    // The object may yet be created: retry rather than stall.
                    return ReconcileOutcome.Retry(ConditionReasons.SubstitutionFailed, $"{what} does not exist (create it, or mark the entry optional: true)");
                }

                variables = variables.With(data, what, isSensitive: reference.Kind == SubstituteReference.SecretKind);
            }

            variables = variables.With(spec.Substitute ?? [], "spec.substitute");
        }
        catch (ArgumentException ex)
        {
            return ReconcileOutcome.Stall(ConditionReasons.SubstitutionFailed, ex.Message);
        }

        context.Substitutions = variables;
        return null;
    }

    /// <summary>The object's data as text (a Secret's decoded); null when it does not exist.</summary>
    private static async Task<Dictionary<string, string>?> ReadSubstituteDataAsync(ReconcileContext context, SubstituteReference reference, CancellationToken ct)
    {
        var found = await context.Api.GetAsync("v1", reference.Kind, context.Key.Namespace, reference.Name, ct);
        if (found is null)
        {
            return null;
        }

        var isSecret = reference.Kind == SubstituteReference.SecretKind;
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in found.GetObjectAt("data") ?? [])
        {
            if (value?.GetValue<string>() is { } text)
            {
                data[key] = isSecret ? Encoding.UTF8.GetString(Convert.FromBase64String(text)) : text;
            }
        }

        return data;
    }
}
