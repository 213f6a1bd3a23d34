namespace GitOpsAgent.Core.Applications;

/// <summary>
/// What a schema cannot check about a chart source (spec.source.chart) and values from Git (spec.valuesSource): the
/// repository's scheme, the chart's name, the version constraint, and "$values/" paths that stay in their repository.
/// </summary>
internal static class ChartSourceRules
{
    /// <summary>The prefix of a values file read from spec.valuesSource rather than from the chart.</summary>
    public const string ValuesPrefix = ValuesFiles.Prefix;

    public static void Check(List<string> problems, ApplicationSpec spec, string applicationNamespace)
    {
        var source = spec.Source;
        var isChart = !string.IsNullOrEmpty(source.Chart);
        var url = source.RepoURL ?? "";
        if (!isChart)
        {
            if (url.StartsWith("oci://", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"spec.source.repoURL \"{url}\" is an OCI registry: set spec.source.chart to the chart's name");
            }

            if (spec.ValuesSource is not null)
            {
                problems.Add("spec.valuesSource is only for a chart source (spec.source.chart); a chart in Git reads values files from its own repository");
            }

            CheckValuesFiles(problems, source, hasValuesSource: false);
            return;
        }

        if (url.Length > 0 && !ChartSourceKinds.IsChartRepositoryUrl(url))
        {
            problems.Add($"spec.source.repoURL \"{url}\" must be a chart repository (https:// or http://) or an OCI registry (oci://) when spec.source.chart is set");
        }

        var chart = source.Chart!;
        if (chart.StartsWith('-') || chart.Contains("..", StringComparison.Ordinal) || chart.Contains('/') || chart.Contains('\\') || chart.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            problems.Add($"spec.source.chart \"{chart}\" is not a chart name (no '/', '..', spaces, or leading '-'; for OCI put the path in repoURL)");
        }

        if (!ChartVersionConstraint.TryParse(source.TargetRevision, out var constraint, out var error))
        {
            problems.Add($"spec.source.targetRevision {error}");
        }
        else if (constraint.Digest is not null && !ChartSourceKinds.IsOci(url))
        {
            problems.Add($"spec.source.targetRevision \"{constraint.Digest}\" is a digest, which only an OCI registry (oci://) can serve; name a version or range");
        }

        if (source.Path is { Length: > 0 } path && path.Trim() is not ("." or "./"))
        {
            problems.Add($"spec.source.path \"{path}\" is not used with spec.source.chart (the chart is the whole source); leave it out");
        }

        if (source.Renderer is { Length: > 0 } renderer && renderer is not ("Auto" or "Helm"))
        {
            problems.Add($"spec.source.renderer \"{renderer}\" cannot render a chart; use Helm or Auto");
        }

        if (source.Directory is not null || source.Kustomize is not null)
        {
            problems.Add("spec.source.directory and spec.source.kustomize do not apply to a chart source");
        }

        if (spec.ValuesSource is { } values)
        {
            if (string.IsNullOrWhiteSpace(values.RepoURL))
            {
                problems.Add("spec.valuesSource.repoURL is empty");
            }
            else if (values.RepoURL.StartsWith('-'))
            {
                problems.Add($"spec.valuesSource.repoURL \"{values.RepoURL}\" must not start with '-'");
            }

            ApplicationSpecValidator.CheckSecretReference(problems, "spec.valuesSource.credentialsSecretRef", values.CredentialsSecretRef, applicationNamespace);
            if (!(source.Helm?.ValuesFiles ?? []).Any(ValuesFiles.IsFromValuesSource))
            {
                problems.Add($"spec.valuesSource is set but no spec.source.helm.valuesFiles entry starts with \"{ValuesPrefix}\"");
            }
        }

        CheckValuesFiles(problems, source, spec.ValuesSource is not null);
    }

    private static void CheckValuesFiles(List<string> problems, ApplicationSource source, bool hasValuesSource)
    {
        foreach (var file in source.Helm?.ValuesFiles ?? [])
        {
            if (!ValuesFiles.IsFromValuesSource(file))
            {
                continue;
            }

            if (!hasValuesSource)
            {
                problems.Add($"spec.source.helm.valuesFiles \"{file}\" names {ValuesPrefix} but spec.valuesSource is not set");
            }
            else if (ValuesFiles.PathInValuesSource(file) is not { } relative || ValuesFiles.Leaves(relative))
            {
                problems.Add($"spec.source.helm.valuesFiles \"{file}\" leaves the values repository: give a path inside it, without '..' or a leading '/'");
            }
        }
    }
}

/// <summary>Which kind of repository a chart source's URL names.</summary>
public static class ChartSourceKinds
{
    public static bool IsOci(string url) => url.StartsWith("oci://", StringComparison.OrdinalIgnoreCase);

    public static bool IsChartRepositoryUrl(string url) =>
        IsOci(url) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the source deploys a chart from a chart repository or registry rather than a Git directory.</summary>
    public static bool IsChart(ApplicationSource source) => !string.IsNullOrEmpty(source?.Chart);
}

/// <summary>Values files named "$values/PATH": PATH inside spec.valuesSource rather than inside the chart.</summary>
public static class ValuesFiles
{
    public const string Prefix = "$values/";

    public static bool IsFromValuesSource(string file) => file.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The path after "$values/", or null when the entry does not start with it.</summary>
    public static string? PathInValuesSource(string file) => IsFromValuesSource(file) ? file[Prefix.Length..] : null;

    /// <summary>Whether a relative path literally leaves its root: rooted, or a ".." segment (symlinks are judged when the files are read).</summary>
    public static bool Leaves(string relative)
    {
        var normalized = relative.Replace('\\', '/');
        return normalized.Length == 0 || normalized.StartsWith('/') || Path.IsPathRooted(normalized)
            || normalized.Split('/').Any(segment => segment == "..");
    }
}
