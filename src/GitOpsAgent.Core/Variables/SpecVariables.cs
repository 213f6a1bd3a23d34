using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Core.Variables;

/// <summary>
/// Expands the cluster's variables in the spec fields that pick what to render: spec.source.path, targetRevision,
/// helm.valuesFiles and helm.values. Pure: the Application is not changed, a copy is returned.
/// </summary>
public static class SpecVariables
{
    /// <summary>The spec with its variables expanded, or the problems (each naming the field and the variable).</summary>
    public static (ApplicationSpec? Spec, IReadOnlyList<string> Problems) Expand(ApplicationSpec spec, VariableSet variables)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(variables);
        var source = spec.Source;
        if (!Mentions(source.Path) && !Mentions(source.TargetRevision) && !Mentions(source.Helm?.Values) && !(source.Helm?.ValuesFiles ?? []).Any(Mentions))
        {
            return (spec, []);
        }

        var copy = ApplicationSerializer.Clone(spec);
        var problems = new List<string>();
        var copied = copy.Source;
        copied.Path = ExpandField(copied.Path, "spec.source.path", variables, problems);
        copied.TargetRevision = ExpandField(copied.TargetRevision, "spec.source.targetRevision", variables, problems);
        if (copied.Helm is { } helm)
        {
            helm.Values = ExpandField(helm.Values, "spec.source.helm.values", variables, problems);
            if (helm.ValuesFiles is { } files)
            {
                helm.ValuesFiles = files.Select((f, i) => ExpandField(f, $"spec.source.helm.valuesFiles[{i}]", variables, problems)!).ToList();
            }
        }

        return problems.Count == 0 ? (copy, []) : (null, problems);
    }

    private static bool Mentions(string? value) => value?.Contains('$', StringComparison.Ordinal) == true;

    private static string? ExpandField(string? value, string field, VariableSet variables, List<string> problems)
    {
        if (!Mentions(value))
        {
            return value;
        }

        try
        {
            // Inline values are a YAML document: the line helps there; a one-line field has none.
            return VariableExpander.Expand(value!, variables, field, value!.Contains('\n', StringComparison.Ordinal) ? 1 : 0);
        }
        catch (VariableException ex)
        {
            problems.Add(ex.Message);
            return value;
        }
    }
}
