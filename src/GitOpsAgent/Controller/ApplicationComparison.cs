using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Schema;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Git;
using GitOpsAgent.Rendering;

namespace GitOpsAgent.Controller;

/// <summary>
/// How an Application's desired state is rendered and compared with the cluster, in one place for the reconcile and
/// for `gitops-agent app diff` and `trace`, so the CLI can never compare differently from the controller: the render
/// request built from the source, our tracking stamp on every rendered object, and the diff options (field manager,
/// spec.ignoreDifferences, list types).
/// </summary>
public static class ApplicationComparison
{
    public static RenderRequest RenderRequest(AppIdentity identity, Application app, string checkoutDirectory, string revision)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(app);
        var source = app.Spec.Source;
        return new RenderRequest(
            checkoutDirectory,
            string.IsNullOrEmpty(source.Path) ? "." : source.Path,
            source,
            DestinationNamespace(identity, app),
            $"{RepoUrl.Normalize(source.RepoURL)}@{revision}")
        {
            ApplicationName = identity.Name,
        };
    }

    /// <summary>A pulled chart renders from its own folder; "$values/" files come from the values checkout; the cache key is the whole revision.</summary>
    public static RenderRequest ChartRenderRequest(AppIdentity identity, Application app, Rendering.Charts.PulledChart chart, string? valuesCheckoutDirectory, Rendering.Charts.ChartCredentials? credentials, string revision)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(chart);
        return new(chart.Root, chart.Folder, app.Spec.Source, DestinationNamespace(identity, app), $"{RepoUrl.Normalize(chart.Chart.RepoUrl)}/{chart.Chart.Name}@{revision}")
        {
            ApplicationName = identity.Name,
            ValuesRepositoryRoot = valuesCheckoutDirectory,
            ChartCredentials = credentials,
        };
    }

    /// <summary>
    /// Where namespaced objects that name no namespace go: spec.destination.namespace, else the Application's own
    /// namespace (never the client's default, which in a cluster is the controller's namespace).
    /// </summary>
    public static string DestinationNamespace(AppIdentity identity, Application app)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(app);
        return app.Spec.Destination?.Namespace is { Length: > 0 } ns ? ns : identity.Namespace;
    }

    /// <summary>The rendered objects as we apply them: each carrying our tracking label and annotation.</summary>
    public static List<Manifest> Stamp(IEnumerable<Manifest> rendered, AppIdentity identity) =>
        rendered.Select(m => m with { Object = Tracking.Stamp(m.Object, identity) }).ToList();

    public static DiffOptions DiffOptions(string fieldManager, Application app, IListTypes listTypes, bool includeUnifiedDiff) =>
        new(fieldManager, IgnoreRule.FromSpec(app), listTypes) { IncludeUnifiedDiff = includeUnifiedDiff };
}
