using GitOpsAgent.Controller;
using GitOpsAgent.Controller.Cache;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Rendering;

namespace GitOpsAgent.Cli.App;

/// <summary>
/// An Application rendered exactly as the controller renders it: its spec validated and its variables expanded with the
/// cluster identity the controllers publish, its substituteFrom objects and credentials Secret read,
/// its source resolved and checked out, rendered through the same renderer with the controller's render request and
/// the cluster's discovery scope, and stamped with its tracking metadata (<see cref="ApplicationComparison"/>).
/// Disposing removes the checkout.
/// </summary>
internal sealed class ApplicationRender : IDisposable
{
    private readonly CliGit _git;

    private ApplicationRender(CliGit git, GitCheckout checkout, CommitInfo? commit, IReadOnlyList<Manifest> desired)
    {
        _git = git;
        Checkout = checkout;
        Commit = commit;
        Desired = desired;
    }

    public GitCheckout Checkout { get; }

    public string Revision => Checkout.CommitSha;

    public CommitInfo? Commit { get; }

    /// <summary>The rendered objects in apply order, stamped as the controller applies them.</summary>
    public IReadOnlyList<Manifest> Desired { get; }

    /// <param name="revision">A branch, tag, full ref (refs/pull/7/head) or SHA; null: the Application's targetRevision.</param>
    public static async Task<ApplicationRender> RenderAsync(IKubernetesApi kube, CustomResourceSchemas schemas, Application app, AppIdentity identity, string? revision, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(identity);
        var problems = ApplicationSpecValidator.Validate(app.Spec, identity.Namespace);
        var cluster = await RunningControllers.ClusterVariablesAsync(kube, ct);
        if (problems.Count == 0)
        {
            (var expanded, problems) = ApplicationVariables.ExpandSpec(app, cluster);
            app = expanded ?? app;
        }

        if (problems.Count > 0)
        {
            throw new CliException($"Application {identity.Namespace}/{identity.Name}: {string.Join("; ", problems)}");
        }

        Core.Variables.VariableSet? substitutions;
        try
        {
            substitutions = await ApplicationVariables.ReadSubstitutionsAsync(kube, identity.Namespace, app.Spec, cluster, ct);
        }
        catch (SubstitutionSourceException ex)
        {
            throw new CliException($"Application {identity.Namespace}/{identity.Name}: {ex.Message}");
        }

        var source = app.Spec.Source;
        var credentials = await GitCredentialsSecret.ReadAsync(kube, identity.Namespace, source.CredentialsSecretRef, ct);
        var git = new CliGit(source.RepoURL);
        try
        {
            var (checkout, commit) = await git.CheckoutAsync(source.RepoURL, revision ?? source.TargetRevision, credentials, ct);
            RepositoryPath.ResolveInside(checkout.Directory, source.Path);
            await schemas.RefreshScopeAsync(ct);
            var renderer = new ManifestRenderer(new ManifestRendererOptions());
            var request = ApplicationComparison.RenderRequest(identity, app, checkout.Directory, checkout.CommitSha) with { Substitutions = substitutions };
            var result = await renderer.RenderAsync(request, schemas.Scope, ct);
            return new ApplicationRender(git, checkout, commit, ApplicationComparison.Stamp(result.Objects, identity));
        }
        catch
        {
            git.Dispose();
            throw;
        }
    }

    public void Dispose() => _git.Dispose();
}
