using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Rendering;

/// <summary>
/// What to render: <paramref name="Path"/> (relative) inside the checkout at <paramref name="RepositoryRoot"/>, with the
/// Application's source options. <paramref name="CacheKey"/> should be the commit SHA: renders are cached only when
/// it is given, since the same checkout directory may hold another commit next time.
/// </summary>
public sealed record RenderRequest(string RepositoryRoot, string Path, ApplicationSource Source, string? DestinationNamespace, string? CacheKey = null)
{
    /// <summary>Used as the Helm release name when the source names none (Argo CD does the same).</summary>
    public string? ApplicationName { get; init; }

    /// <summary>Passed to helm template as --api-versions (for charts that check Capabilities.APIVersions).</summary>
    public IReadOnlyList<string>? HelmApiVersions { get; init; }

    /// <summary>The checkout of spec.valuesSource, which "$values/PATH" values files are read from (and must stay inside).</summary>
    public string? ValuesRepositoryRoot { get; init; }

    /// <summary>A chart source's credentials, lent to chart dependencies on the same host as Source.RepoURL only.</summary>
    public Charts.ChartCredentials? ChartCredentials { get; init; }

    /// <summary>Set, every rendered text's ${name} references are expanded with these before parsing (spec.substitute); null: none are.</summary>
    public Core.Variables.VariableSet? Substitutions { get; init; }
}
