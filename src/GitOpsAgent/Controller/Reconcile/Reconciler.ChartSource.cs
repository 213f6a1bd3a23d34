using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Git;
using GitOpsAgent.Rendering.Charts;

namespace GitOpsAgent.Controller.Reconcile;

public sealed partial class Reconciler
{
    /// <summary>
    /// A chart source's revision: the newest version satisfying targetRevision (one index or tag-list request per
    /// repository per poll, shared by all Applications on it), pulled and extracted once per digest, plus the commit
    /// of spec.valuesSource when values come from Git. As for Git, a reconcile caused only by a managed object's
    /// change reuses the last answer.
    /// </summary>
    private async Task<ReconcileOutcome?> ResolveChartAsync(ReconcileContext context, CancellationToken ct)
    {
        context.Stage = ReconcileStage.Source;
        var spec = context.App.Spec;
        var source = spec.Source;
        var memory = context.Memory;
        var specKey = string.Join('\n', source.RepoURL, source.Chart, source.TargetRevision, spec.ValuesSource?.RepoURL, spec.ValuesSource?.TargetRevision);
        var credentials = await GitCredentialsSecret.ReadDataAsync(context.HomeApi, context.Key.Namespace, source.CredentialsSecretRef, ct) is { } data ? ChartCredentials.FromSecretData(data) : null;
        context.ChartCredentials = credentials;
        var needsRemote = memory.Chart is null || memory.Chart.SpecKey != specKey || context.RefreshRequested
            || (context.Triggers & ~ReconcileTriggers.ObjectChanged) != ReconcileTriggers.None;
        if (!needsRemote)
        {
            Use(context, memory.Chart!);
            return null;
        }

        if (_charts is null)
        {
            throw new InvalidSpecException("this controller was started without chart sources, so spec.source.chart cannot be served");
        }

        if (!ChartVersionConstraint.TryParse(source.TargetRevision, out var constraint, out var error))
        {
            throw new InvalidSpecException($"spec.source.targetRevision {error}");
        }

        if (context.RefreshRequested)
        {
            _charts.Invalidate(source.RepoURL);
        }

        var reference = new ChartReference(source.RepoURL, source.Chart!);
        var resolved = await _charts.ResolveAsync(reference, constraint, credentials, ct);
        var pulled = memory.Chart is { } last && last.Chart.Chart == reference && last.Chart.Version == resolved.Version && resolved.Digest == last.Chart.Digest
            ? last.Chart
            : await _charts.PullAsync(resolved, credentials, ct);
        var (values, valuesCommit) = await ResolveValuesSourceAsync(context, ct);
        var remembered = new ChartSourceMemory(specKey, pulled, values, ChartCommit(pulled, values, valuesCommit), Revisions.OfChart(pulled.Version, pulled.Digest, values?.CommitSha));
        memory.Chart = remembered;
        Use(context, remembered);
        return null;
    }

    private static void Use(ReconcileContext context, ChartSourceMemory chart)
    {
        context.Chart = chart.Chart;
        context.ValuesCheckout = chart.Values;
        context.Commit = chart.Commit;
        context.Revision = chart.Revision;
    }

    /// <summary>The commit of spec.valuesSource, checked out, with its subject; nothing when values come only from the chart.</summary>
    private async Task<(GitCheckout? Checkout, CommitInfo? Commit)> ResolveValuesSourceAsync(ReconcileContext context, CancellationToken ct)
    {
        if (context.App.Spec.ValuesSource is not { } values)
        {
            return (null, null);
        }

        var credentials = await GitCredentialsSecret.ReadAsync(context.HomeApi, context.Key.Namespace, values.CredentialsSecretRef, ct);
        if (context.RefreshRequested)
        {
            _git.Invalidate(values.RepoURL);
        }

        var resolved = await _git.ResolveAsync(values.RepoURL, string.IsNullOrEmpty(values.TargetRevision) ? "HEAD" : values.TargetRevision, credentials, ct);
        var checkout = await _git.CheckoutAsync(values.RepoURL, resolved.CommitSha, credentials, ct);
        return (checkout, await _git.ReadCommitAsync(checkout, ct));
    }

    /// <summary>What history says of a chart deployment: "chart NAME VERSION", and the values commit with its subject.</summary>
    private static CommitInfo ChartCommit(PulledChart chart, GitCheckout? values, CommitInfo? valuesCommit)
    {
        var subject = $"chart {chart.Chart.Name} {chart.Version}";
        if (values is not null)
        {
            subject += $", values {values.CommitSha[..7]}" + (valuesCommit is null ? "" : $": {valuesCommit.Subject}");
        }

        return new CommitInfo(subject, valuesCommit?.Author ?? string.Join(", ", chart.Maintainers));
    }
}
