using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Previews;
using GitOpsAgent.Core.Schema;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Core.Variables;
using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Rendering;
using GitOpsAgent.Rendering.Inputs;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Previews;

/// <summary>
/// Computes a preview: resolves base and head once, then for each Application of the repository compares its inputs
/// between the two checkouts (an Application whose inputs did not change is not rendered), renders both revisions
/// exactly as the controller renders (the same renderer, variables, tracking stamp, kind scopes), and compares them
/// with the pure <see cref="PreviewComparer"/>; with a cluster also the head against the live objects, with the
/// Application's ignoreDifferences. An Application's failure is its own row in the report, never the whole preview's.
/// </summary>
public sealed partial class PreviewRunner(IGitRepositoryCache git, IManifestRenderer renderer, ILogger<PreviewRunner> logger)
{
    /// <exception cref="GitSourceException">Base or head cannot be resolved or fetched.</exception>
    public async Task<PreviewReport> RunAsync(PreviewRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var repository = RepoUrl.Normalize(request.RepositoryUrl);
        var apps = request.Applications
            .Where(a => RepoUrl.Normalize(a.Spec.Source.RepoURL) == repository)
            .OrderBy(a => a.Metadata.Namespace, StringComparer.Ordinal)
            .ThenBy(a => a.Metadata.Name, StringComparer.Ordinal)
            .ToList();

        // Revisions belong to the repository, not to an Application: resolved once, with the first one's credentials.
        var credentials = apps.Count > 0 && request.Credentials is { } lookup ? await lookup(apps[0], ct) : null;
        var baseSha = (await git.ResolveAsync(request.FetchUrl, request.Base, credentials, ct)).CommitSha;
        var headSha = (await git.ResolveAsync(request.FetchUrl, request.Head, credentials, ct)).CommitSha;
        var previews = new List<ApplicationPreview>(apps.Count);
        foreach (var app in apps)
        {
            previews.Add(await PreviewAsync(request, app, baseSha, headSha, ct));
        }

        var report = new PreviewReport(RepoUrl.Redact(request.RepositoryUrl), baseSha, headSha, previews);
        var changed = previews.Count(p => p.Outcome == PreviewOutcome.Changed);
        Log.Computed(logger, report.Repository, baseSha, headSha, previews.Count, changed);
        return report;
    }

    private async Task<ApplicationPreview> PreviewAsync(PreviewRequest request, Application app, string baseSha, string headSha, CancellationToken ct)
    {
        var identity = new AppIdentity(app.Metadata.Namespace ?? "", app.Metadata.Name ?? "");
        var (expanded, problems) = Controller.ApplicationVariables.ExpandSpec(app, request.ClusterVariables);
        app = expanded ?? app;
        var path = string.IsNullOrEmpty(app.Spec.Source.Path) ? "." : app.Spec.Source.Path;
        var preview = new ApplicationPreview(identity, path);
        if (problems.Count > 0)
        {
            return preview with { Rendered = true, Errors = [.. problems] };
        }

        try
        {
            var credentials = request.Credentials is { } lookup ? await lookup(app, ct) : null;
            var baseCheckout = await git.CheckoutAsync(request.FetchUrl, baseSha, credentials, ct);
            var headCheckout = await git.CheckoutAsync(request.FetchUrl, headSha, credentials, ct);
            var inputs = InputChanges.Compare(baseCheckout.Directory, headCheckout.Directory, app.Spec.Source);
            if (!inputs.Affected)
            {
                return preview;
            }

            preview = preview with { Rendered = true, ChangedInputs = inputs.ChangedInputs };
            VariableSet? substitutions;
            try
            {
                substitutions = await Controller.ApplicationVariables.ReadSubstitutionsAsync(request.SubstitutionSource, identity.Namespace, app.Spec, request.ClusterVariables, ct, maskSecretValues: true);
            }
            catch (Controller.SubstitutionSourceException ex)
            {
                return preview with { Errors = [ex.Message] };
            }

            List<JsonObject> head;
            try
            {
                head = await RenderAsync(app, identity, headCheckout, substitutions, request.Scope, ct);
            }
            catch (RenderException ex)
            {
                return preview with { Errors = [ex.Message] };
            }

            var notes = new List<string>();
            List<JsonObject> baseObjects;
            try
            {
                baseObjects = await RenderAsync(app, identity, baseCheckout, substitutions, request.Scope, ct);
            }
            catch (RenderException ex)
            {
                baseObjects = [];
                notes.Add($"The base did not render ({ex.Message}), so every object of the head shows as created.");
            }

            var manifests = head.Select(o => new Manifest(o, default)).ToList();
            var listTypes = request.ListTypes is { } listTypesOf ? await listTypesOf(manifests, ct) : OfflineListTypes(head);
            preview = preview with
            {
                Notes = notes,
                Changes = PreviewComparer.Compare(baseObjects, head, new DiffOptions(request.FieldManager, ListTypes: listTypes)),
            };
            if (request.Live is { } live)
            {
                var liveObjects = await live.ReadAsync(app, head, ct);
                var options = new DiffOptions(request.FieldManager, IgnoreRule.FromSpec(app), listTypes);
                preview = preview with { LiveChanges = PreviewComparer.CompareWithLive(head, liveObjects, identity, options) };
            }

            return preview;
        }
        catch (Exception ex) when (ex is GitSourceException or KubernetesException or HttpRequestException or Controller.Reconcile.CredentialsNotFoundException or Cli.CliException)
        {
            Log.ApplicationFailed(logger, identity.Namespace, identity.Name, ex.Message);
            return preview with { Rendered = true, Errors = [ex.Message] };
        }
    }

    /// <summary>As the controller's render step: the same request (and so the same render cache entry), substitution and tracking stamp; hooks are no managed objects.</summary>
    private async Task<List<JsonObject>> RenderAsync(Application app, AppIdentity identity, GitCheckout checkout, VariableSet? substitutions, Core.Manifests.Rendering.IResourceScope scope, CancellationToken ct)
    {
        var request = Controller.ApplicationComparison.RenderRequest(identity, app, checkout.Directory, checkout.CommitSha) with { Substitutions = substitutions };
        var result = await renderer.RenderAsync(request, scope, ct);
        var (managed, _) = Hook.Split(Controller.ApplicationComparison.Stamp(result.Objects, identity));
        return managed.Select(m => m.Object).ToList();
    }

    /// <summary>Without a cluster: the built-in list types and those of the CRDs the render holds.</summary>
    private static IListTypes OfflineListTypes(IReadOnlyList<JsonObject> objects) =>
        objects.Where(o => o.GetGroup() == "apiextensions.k8s.io" && o.GetKind() == "CustomResourceDefinition")
            .Aggregate(ListTypeTable.Builtin, (table, crd) => table.WithCustomResourceDefinition(crd));
}
