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
            app.Spec.Destination?.Namespace,
            $"{RepoUrl.Normalize(source.RepoURL)}@{revision}")
        {
            ApplicationName = identity.Name,
        };
    }

    /// <summary>The rendered objects as we apply them: each carrying our tracking label and annotation.</summary>
    public static List<Manifest> Stamp(IEnumerable<Manifest> rendered, AppIdentity identity) =>
        rendered.Select(m => m with { Object = Tracking.Stamp(m.Object, identity) }).ToList();

    public static DiffOptions DiffOptions(string fieldManager, Application app, IListTypes listTypes, bool includeUnifiedDiff) =>
        new(fieldManager, IgnoreRules(app), listTypes) { IncludeUnifiedDiff = includeUnifiedDiff };

    public static List<IgnoreRule> IgnoreRules(Application app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return (app.Spec.IgnoreDifferences ?? [])
            .Select(i => new IgnoreRule(i.Group, i.Kind, i.Name, i.Namespace, i.JsonPointers ?? [], i.ManagedFieldsManagers ?? []))
            .ToList();
    }
}
