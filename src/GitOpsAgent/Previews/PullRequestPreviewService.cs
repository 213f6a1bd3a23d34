using System.Threading.Channels;
using GitOpsAgent.Controller;
using GitOpsAgent.Controller.Cache;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Previews;
using GitOpsAgent.Forges;
using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Outbound;
using GitOpsAgent.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Previews;

/// <summary>
/// Previews from webhooks: a verified pull-request event for a forge with a configured token queues its PR; one worker
/// computes the preview of the PR's head against its target branch as it is now (what merging would do) for every
/// Application on the repository, posts a
/// pending then a final commit status ("gitops-agent/preview") on the head, and writes the preview as the one comment
/// holding <see cref="Marker"/> (updated on every push, never duplicated). Pushes to a PR while it waits coalesce into
/// one preview of the newest head. A forge that refuses is logged and counted, never retried in a loop.
/// </summary>
public sealed partial class PullRequestPreviewService(
    PreviewRunner runner,
    PreviewForges forges,
    IKubernetesApi kube,
    CustomResourceSchemas schemas,
    ControllerOptions options,
    GitOpsAgentMetrics metrics,
    ILogger<PullRequestPreviewService> logger) : BackgroundService
{
    public const string Marker = "<!-- gitops-agent-preview -->";
    public const string StatusContext = "gitops-agent/preview";

    /// <summary>GitHub's comment limit is 65,536 characters; GitLab's and Gitea's are larger.</summary>
    private const int MaxCommentLength = 65_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, PullRequestEvent> _pending = new(StringComparer.Ordinal);
    private readonly Channel<string> _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Raised after each preview, posted or not (tests wait on it).</summary>
    public event Action<PullRequestEvent, PreviewReport?>? Completed;

    /// <summary>Queues a preview; false when no forge token serves this pull request's provider and host.</summary>
    public bool Enqueue(PullRequestEvent pr)
    {
        ArgumentNullException.ThrowIfNull(pr);
        if (forges.For(pr) is null)
        {
            return false;
        }

        var key = $"{pr.Provider}/{pr.RepositoryPath}#{pr.Number}";
        lock (_gate)
        {
            // A PR already waiting previews the newest head once.
            var waiting = _pending.ContainsKey(key);
            _pending[key] = pr;
            return waiting || _queue.Writer.TryWrite(key);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var key in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            PullRequestEvent? pr;
            lock (_gate)
            {
                if (!_pending.Remove(key, out pr))
                {
                    continue;
                }
            }

            PreviewReport? report = null;
            try
            {
                report = await PreviewAsync(pr, forges.For(pr)!, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is OutboundRequestException or KubernetesException or HttpRequestException or GitSourceException)
            {
                metrics.RecordPreview(pr.Provider, "failed");
                Log.Failed(logger, pr.Provider, pr.RepositoryPath, pr.Number, ex.Message);
            }

            Completed?.Invoke(pr, report);
        }
    }

    private async Task<PreviewReport?> PreviewAsync(PullRequestEvent pr, IForgeClient forge, CancellationToken ct)
    {
        var apps = await ApplicationsOfAsync(pr, ct);
        if (apps.Count == 0)
        {
            Log.NoApplications(logger, pr.Provider, pr.RepositoryPath, pr.Number);
            return null;
        }

        await forge.SetCommitStatusAsync(pr.RepositoryPath, pr.HeadSha, new CommitStatus(CommitState.Pending, StatusContext, "Computing the preview", pr.WebUrl), ct);
        var repoUrl = apps[0].Spec.Source.RepoURL;
        PreviewReport report;
        try
        {
            report = await runner.RunAsync(new PreviewRequest(repoUrl, repoUrl, pr.BaseRef, pr.HeadSha, apps)
            {
                FieldManager = options.FieldManager,
                Credentials = (app, token) => Controller.GitCredentialsSecret.ReadAsync(kube, app.Metadata.Namespace ?? "", app.Spec.Source.CredentialsSecretRef, token),
                Live = new ClusterLiveObjects(kube),
                Scope = schemas.Scope,
                ListTypes = schemas.ListTypesAsync,
                ClusterVariables = Core.Variables.VariableSet.ForCluster(options.ClusterName, options.ClusterLabels),
                SubstitutionSource = kube,
            }, ct);
        }
        catch (GitSourceException ex)
        {
            await forge.SetCommitStatusAsync(pr.RepositoryPath, pr.HeadSha, new CommitStatus(CommitState.Failure, StatusContext, $"No preview: {ex.Message}", pr.WebUrl), ct);
            throw;
        }

        var url = await forge.UpsertPullRequestCommentAsync(pr.RepositoryPath, pr.Number, Marker, Marker + "\n" + PreviewMarkdown.Write(report, MaxCommentLength), ct);
        var state = report.ExitCode == 2 ? CommitState.Failure : CommitState.Success;
        await forge.SetCommitStatusAsync(pr.RepositoryPath, pr.HeadSha, new CommitStatus(state, StatusContext, Describe(report), url ?? pr.WebUrl), ct);
        metrics.RecordPreview(pr.Provider, "posted");
        Log.Posted(logger, pr.Provider, pr.RepositoryPath, pr.Number, report.Applications.Count, report.ExitCode);
        return report;
    }

    /// <summary>Every Application (in the watched namespaces, of every shard) whose repoURL is the pull request's repository.</summary>
    private async Task<List<Application>> ApplicationsOfAsync(PullRequestEvent pr, CancellationToken ct)
    {
        var repositories = pr.RepositoryUrls.Select(RepoUrl.Normalize).ToHashSet(StringComparer.Ordinal);
        var namespaces = options.WatchNamespaces.Count == 0 ? [null] : options.WatchNamespaces.Select(n => (string?)n).ToList();
        var apps = new List<Application>();
        foreach (var ns in namespaces)
        {
            var list = await kube.ListAllAsync(Application.ApiVersionValue, Application.KindValue, ns, new ListOptions(), ct);
            apps.AddRange(list.Items.Select(ApplicationSerializer.FromJson).Where(a => repositories.Contains(RepoUrl.Normalize(a.Spec.Source.RepoURL))));
        }

        return apps;
    }

    private static string Describe(PreviewReport report)
    {
        var apps = report.Applications;
        var failed = apps.Count(a => a.Outcome == PreviewOutcome.Failed);
        var changed = apps.Count(a => a.Outcome == PreviewOutcome.Changed);
        return failed > 0 ? $"{failed} of {apps.Count} Applications do not render"
            : changed > 0 ? $"{changed} of {apps.Count} Applications change"
            : $"No change to {apps.Count} Applications";
    }
}
