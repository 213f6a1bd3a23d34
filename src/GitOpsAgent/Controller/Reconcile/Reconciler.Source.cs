using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Git;

namespace GitOpsAgent.Controller.Reconcile;

public sealed partial class Reconciler
{
    /// <summary>A spec the controller cannot act on stalls at once with every problem named (nothing is read or written).</summary>
    private Task<ReconcileOutcome?> ValidateSpecAsync(ReconcileContext context, CancellationToken ct)
    {
        context.Stage = ReconcileStage.Spec;
        var problems = ApplicationSpecValidator.Validate(context.App.Spec, context.Key.Namespace);
        if (problems.Count == 0)
        {
            (var expanded, problems) = ApplicationVariables.ExpandSpec(context.App, ClusterVariables);
            context.App = expanded ?? context.App;
        }

        return Task.FromResult(problems.Count == 0 ? null : ReconcileOutcome.Stall(ConditionReasons.InvalidSpec, string.Join("; ", problems)));
    }

    /// <summary>The revision to render: a commit of a Git source, or a chart version of a chart source (spec.source.chart).</summary>
    private Task<ReconcileOutcome?> ResolveRevisionAsync(ReconcileContext context, CancellationToken ct) =>
        Core.Applications.ChartSourceKinds.IsChart(context.App.Spec.Source) ? ResolveChartAsync(context, ct) : ResolveGitRevisionAsync(context, ct);

    /// <summary>
    /// The full commit SHA to render. A reconcile caused only by a managed object's change reuses the last answer
    /// (no Git request); polls, webhooks and Application changes ask the remote (one ls-remote per repository per
    /// poll, shared by all Applications on it).
    /// </summary>
    private async Task<ReconcileOutcome?> ResolveGitRevisionAsync(ReconcileContext context, CancellationToken ct)
    {
        context.Stage = ReconcileStage.Source;
        var memory = context.Memory;
        var source = context.App.Spec.Source;
        var targetRevision = string.IsNullOrEmpty(source.TargetRevision) ? "HEAD" : source.TargetRevision;
        var needsRemote = memory.Revision is null || memory.Checkout is null || context.RefreshRequested
            || (context.Triggers & ~ReconcileTriggers.ObjectChanged) != ReconcileTriggers.None
            || memory.ResolvedFor != (source.RepoURL, targetRevision);
        if (!needsRemote)
        {
            context.Revision = memory.Revision;
            context.Commit = memory.Commit;
            context.Checkout = memory.Checkout;
            return null;
        }

        var credentials = await GitCredentialsSecret.ReadAsync(context.HomeApi, context.Key.Namespace, context.App.Spec.Source.CredentialsSecretRef, ct);

        // Webhooks invalidate once per push in the endpoint; here only the per-Application refresh annotation does.
        if (context.RefreshRequested)
        {
            _git.Invalidate(source.RepoURL);
        }

        var resolved = await _git.ResolveAsync(source.RepoURL, targetRevision, credentials, ct);
        context.Revision = resolved.CommitSha;
        var sameCommit = memory.Checkout?.CommitSha == resolved.CommitSha && memory.ResolvedFor == (source.RepoURL, targetRevision);
        var checkout = sameCommit ? memory.Checkout! : await _git.CheckoutAsync(source.RepoURL, resolved.CommitSha, credentials, ct);
        context.Commit = sameCommit ? memory.Commit : await _git.ReadCommitAsync(checkout, ct);
        RepositoryPath.ResolveInside(checkout.Directory, source.Path);
        context.Checkout = checkout;
        memory.Revision = resolved.CommitSha;
        memory.Commit = context.Commit;
        memory.Checkout = checkout;
        memory.ResolvedFor = (source.RepoURL, targetRevision);
        return null;
    }
}
