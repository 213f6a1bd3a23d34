using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Scheduling;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Rendering;
using GitOpsAgent.Telemetry;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Controller;

/// <summary>
/// Reconciles one Application as a short list of steps (Flux-style): resolve revision, render, compare against the
/// cluster cache, sync (dry-run, apply, prune) when automated or asked, assess health, write status when it changed.
/// Each step either continues or ends the chain with a result (requeue after, or a failure to retry with backoff).
/// </summary>
public sealed partial class Reconciler
{
    private readonly IKubernetesApi _kube;
    private readonly IGitRepositoryCache _git;
    private readonly IManifestRenderer _renderer;
    private readonly ClusterCache _cache;
    private readonly GitOpsAgentMetrics _metrics;
    private readonly EventRecorder _events;
    private readonly CustomResourceSchemas _schemas;
    private readonly ControllerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<Reconciler> _logger;
    private readonly ConcurrentDictionary<AppKey, AppMemory> _memory = new();

    public Reconciler(
        IKubernetesApi kube,
        IGitRepositoryCache git,
        IManifestRenderer renderer,
        ClusterCache cache,
        GitOpsAgentMetrics metrics,
        EventRecorder events,
        CustomResourceSchemas schemas,
        ControllerOptions options,
        TimeProvider time,
        ILogger<Reconciler> logger)
    {
        _kube = kube;
        _git = git;
        _renderer = renderer;
        _cache = cache;
        _metrics = metrics;
        _events = events;
        _schemas = schemas;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Health overrides from the controller's ConfigMap, swapped in whole when it changes.</summary>
    public Core.Health.HealthOverrides HealthOverrides { get; set; } = Core.Health.HealthOverrides.Empty;

    /// <summary>The kinds Applications need watched now (for stopping unused watches).</summary>
    public IReadOnlySet<(string ApiVersion, string Kind)> KindsInUse =>
        _memory.Values.SelectMany(m => m.Kinds).ToHashSet();

    /// <summary>Consecutive unexpected errors of a key (for the controller's own backoff).</summary>
    public int FailureCount(AppKey key) => _memory.TryGetValue(key, out var m) ? m.Errors : 0;

    public void CountFailure(AppKey key) => _memory.GetOrAdd(key, _ => new AppMemory()).Errors++;

    public void Forget(AppKey key)
    {
        _memory.TryRemove(key, out _);
        _metrics.RemoveApplication(key.Namespace, key.Name);
    }

    public async Task<ReconcileResult> ReconcileAsync(AppKey key, JsonObject appObject, ReconcileTriggers triggers, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        var app = ApplicationSerializer.FromJson(appObject);
        var context = new ReconcileContext(key, appObject, app, app.Status ?? new ApplicationStatus(), triggers, _time.GetUtcNow());
        var memory = _memory.GetOrAdd(key, _ => new AppMemory());
        using var scope = _logger.BeginScope(new Dictionary<string, object>
        {
            ["application"] = key.ToString(),
            ["reconcileId"] = Guid.NewGuid().ToString("N")[..12],
        });
        try
        {
            return await RunStepsAsync(context, memory, ct);
        }
        finally
        {
            _metrics.RecordReconcile(key.Namespace, key.Name, stopwatch.Elapsed);
        }
    }

    private async Task<ReconcileResult> RunStepsAsync(ReconcileContext context, AppMemory memory, CancellationToken ct)
    {
        Func<ReconcileContext, AppMemory, CancellationToken, Task<ReconcileResult?>>[] steps =
        [
            HandleDeletionAsync,
            EnsureFinalizerAsync,
            ResolveRevisionAsync,
            RenderAsync,
            CompareAsync,
            SyncAsync,
            AssessHealthAsync,
        ];

        IDisposable? revisionScope = null;
        try
        {
            foreach (var step in steps)
            {
                var stop = await step(context, memory, ct);
                if (revisionScope is null && context.Revision is not null)
                {
                    // From here on every log line of this reconcile names the commit it works on.
                    revisionScope = _logger.BeginScope(new Dictionary<string, object> { ["revision"] = context.Revision });
                }

                if (stop is not null)
                {
                    await WriteStatusAsync(context, ct);
                    return stop;
                }
            }
        }
        finally
        {
            revisionScope?.Dispose();
        }

        await WriteStatusAsync(context, ct);
        await ClearHandledAnnotationsAsync(context, ct);
        memory.Backoff = 0;
        memory.Errors = 0;
        return new ReconcileResult(NextPoll(context));
    }

    /// <summary>The poll interval of the Application (or the default) with jitter; sooner while a rollout progresses.</summary>
    private TimeSpan NextPoll(ReconcileContext context)
    {
        var interval = GoDuration.Parse(context.App.Spec.SyncPolicy?.Interval, _options.Interval);
        var next = PollSchedule.NextAlignedDelay(_time.GetUtcNow(), interval, Git.RepoUrl.Normalize(context.App.Spec.Source.RepoURL));
        var progressing = context.Health?.Status is Core.Health.HealthStatus.Progressing or Core.Health.HealthStatus.Missing;
        return progressing ? TimeSpan.FromSeconds(Math.Min(next.TotalSeconds, 10)) : next;
    }

    /// <summary>A failure that a retry may fix: exponential backoff from spec.syncPolicy.retry (or defaults).</summary>
    private static ReconcileResult RetryLater(ReconcileContext context, AppMemory memory)
    {
        memory.Backoff++;
        var backoff = context.App.Spec.SyncPolicy?.Retry?.Backoff;
        var initial = GoDuration.Parse(backoff?.Duration, TimeSpan.FromSeconds(5));
        var max = GoDuration.Parse(backoff?.MaxDuration, TimeSpan.FromMinutes(3));
        var delay = new Backoff(initial, backoff?.Factor ?? 2, max).Delay(memory.Backoff);
        return new ReconcileResult(delay, Failed: true);
    }

    /// <summary>A failure a retry will not fix (a bad path, a missing revision): wait for the next poll or a change.</summary>
    private ReconcileResult Stalled(ReconcileContext context) =>
        new(GoDuration.Parse(context.App.Spec.SyncPolicy?.Interval, _options.Interval), Failed: true);

    private void SetCondition(ReconcileContext context, string type, bool? status, string reason, string message) =>
        context.Status.Conditions = Conditions.Set(context.Status.Conditions, type, status, reason, message, context.Generation, _time.GetUtcNow());

    /// <summary>What the controller remembers about an Application between reconciles (lost on restart by design: status holds the truth).</summary>
    internal sealed class AppMemory
    {
        public string? Revision { get; set; }

        public GitCheckout? Checkout { get; set; }

        public int Backoff { get; set; }

        public int Errors { get; set; }

        public int SelfHeals { get; set; }

        public DateTimeOffset LastSelfHeal { get; set; }

        public IReadOnlySet<(string ApiVersion, string Kind)> Kinds { get; set; } = new HashSet<(string, string)>();

        /// <summary>The (repoURL, targetRevision) that <see cref="Revision"/> answers.</summary>
        public (string RepoUrl, string TargetRevision)? ResolvedFor { get; set; }
    }
}
