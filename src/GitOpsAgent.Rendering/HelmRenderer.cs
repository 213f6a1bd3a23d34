using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Git;
using GitOpsAgent.Rendering.Charts;

namespace GitOpsAgent.Rendering;

/// <summary>
/// Runs `helm template` on a chart directory of the checkout (or of a pulled chart). Values files must be inside the
/// repository, "$values/" ones inside spec.valuesSource's checkout; dependencies not vendored are built first.
/// </summary>
internal static class HelmRenderer
{
    private const string SourceCommentPrefix = "# Source: ";

    public static async Task<IReadOnlyList<Manifest>> RenderAsync(
        RepositorySandbox paths, string chartDirectory, RenderRequest request, ManifestRendererOptions options, IChartSource? charts, CancellationToken ct)
    {
        var helm = ToolLocator.Find(options.HelmPath, "helm")
            ?? throw new RenderException(
                RenderFailureReason.HelmNotAvailable,
                "helm is not installed in the controller image; install helm there (or set its path), or render the chart into plain manifests in Git");

        var helmOptions = request.Source.Helm ?? new HelmSource();
        var valuesFiles = new List<string>();
        foreach (var valuesFile in helmOptions.ValuesFiles ?? [])
        {
            if (KustomizationReferenceCheck.IsRemote(valuesFile))
            {
                throw new RenderException(RenderFailureReason.HelmFailed, $"values file \"{valuesFile}\" is remote; only files in the repository are allowed");
            }

            valuesFiles.Add(ResolveValuesFile(paths, chartDirectory, valuesFile, request.ValuesRepositoryRoot));
        }

        using var prepared = await ChartDependencyBuilder.PrepareAsync(paths, chartDirectory, charts, request.ChartCredentials, request.ChartCredentials is null ? null : request.Source.RepoURL, ct).ConfigureAwait(false);
        var shownChart = paths.Relative(chartDirectory);
        chartDirectory = prepared.Directory;
        if (helmOptions.AllowRemoteSchemaReferences != true)
        {
            HelmSchemaReferenceCheck.Check(prepared.Paths, chartDirectory);
        }

        DirectoryInfo? temporary = null;
        try
        {
            string? inlineValuesFile = null;
            if (!string.IsNullOrWhiteSpace(helmOptions.Values))
            {
                temporary = Directory.CreateTempSubdirectory("gitopsagent-helm-");
                inlineValuesFile = Path.Combine(temporary.FullName, "values.yaml");
                await File.WriteAllTextAsync(inlineValuesFile, helmOptions.Values, ct).ConfigureAwait(false);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(inlineValuesFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }

            var releaseName = HelmArguments.ReleaseName(helmOptions.ReleaseName, request.ApplicationName, chartDirectory);
            var arguments = HelmArguments.Build(
                releaseName, chartDirectory, request.DestinationNamespace, valuesFiles, inlineValuesFile, helmOptions.Parameters ?? [], request.HelmApiVersions ?? []);

            var output = await ToolProcess.RunAsync("helm", helm, arguments, chartDirectory, options.Timeout, options.MaxOutputBytes, ct).ConfigureAwait(false);
            if (output.ExitCode != 0)
            {
                // The arguments are not repeated here: --set values may be secrets.
                throw new RenderException(
                    RenderFailureReason.HelmFailed,
                    $"helm template {shownChart} failed (exit code {output.ExitCode}): {ToolProcess.Summarize(output.Stderr)}");
            }

            return HelmHooks.Map(Read(output.Stdout, $"{shownChart} (helm output)", request.Substitutions));
        }
        finally
        {
            temporary?.Delete(recursive: true);
        }
    }

    /// <summary>A values file inside the chart's repository, or "$values/PATH" inside the values checkout; either must exist and stay inside.</summary>
    private static string ResolveValuesFile(RepositorySandbox paths, string chartDirectory, string valuesFile, string? valuesRoot)
    {
        if (ValuesFiles.PathInValuesSource(valuesFile) is not { } inValues)
        {
            var full = paths.Resolve(chartDirectory, valuesFile, "values file");
            return File.Exists(full) ? full : throw new RenderException(RenderFailureReason.PathNotFound, $"values file \"{paths.Relative(full)}\" does not exist");
        }

        if (valuesRoot is null)
        {
            throw new RenderException(RenderFailureReason.HelmFailed, $"values file \"{valuesFile}\" names {ValuesFiles.Prefix} but there is no spec.valuesSource to read it from");
        }

        var values = new RepositorySandbox(valuesRoot);
        var file = values.Resolve(values.Root, inValues, $"values file {ValuesFiles.Prefix}");
        return File.Exists(file)
            ? file
            : throw new RenderException(RenderFailureReason.PathNotFound, $"values file \"{valuesFile}\" does not exist in spec.valuesSource");
    }

    /// <summary>Reads helm's output, naming each object's template (from helm's "# Source:" comments) as its file; the line is left out, since lines of rendered text are not lines of the template.</summary>
    internal static IReadOnlyList<Manifest> Read(byte[] stdout, string outputName, Core.Variables.VariableSet? substitutions = null)
    {
        IReadOnlyList<Manifest> manifests;
        string output;
        List<(int Line, string Template)> sources;
        try
        {
            output = ManifestText.Decode(stdout, outputName);
            sources = Sources(output);
            if (substitutions is not null)
            {
                // Values may span lines: the objects' lines are those of the substituted text.
                output = SubstituteNamingTemplates(output, outputName, substitutions, sources);
                sources = Sources(output);
            }

            manifests = ManifestReader.Read(output, outputName);
        }
        catch (ManifestParseException ex)
        {
            throw new RenderException(RenderFailureReason.HelmFailed, ex.Message, ex);
        }

        if (sources.Count == 0)
        {
            return manifests;
        }

        return manifests.Select(m =>
        {
            var template = sources.LastOrDefault(s => s.Line <= m.Source.Line);
            return template.Template is null ? m : m with { Source = new ManifestSource(template.Template, 0) };
        }).ToList();
    }

    /// <summary>Substitution of helm's output; a failure names the template (from "# Source:") and the line within that template's output.</summary>
    private static string SubstituteNamingTemplates(string output, string outputName, Core.Variables.VariableSet? substitutions, List<(int Line, string Template)> sources)
    {
        try
        {
            return Substitution.Apply(output, substitutions, outputName);
        }
        catch (RenderException ex) when (ex.InnerException is Core.Variables.VariableException variable
            && sources.LastOrDefault(s => s.Line <= variable.Line) is { Template: not null } template)
        {
            throw new RenderException(
                RenderFailureReason.SubstitutionFailed,
                $"{template.Template} (helm output):{variable.Line - template.Line}: {variable.Reason}",
                variable);
        }
    }

    private static List<(int Line, string Template)> Sources(string output)
    {
        var sources = new List<(int Line, string Template)>();
        var lineNumber = 0;
        foreach (var line in output.Split('\n'))
        {
            lineNumber++;
            if (line.StartsWith(SourceCommentPrefix, StringComparison.Ordinal))
            {
                sources.Add((lineNumber, line[SourceCommentPrefix.Length..].TrimEnd('\r')));
            }
        }

        return sources;
    }
}
