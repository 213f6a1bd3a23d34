using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using GitOpsAgent.Controller.Cache;
using GitOpsAgent.Controller.Policy;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Scheduling;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Rendering;
using GitOpsAgent.Telemetry;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Controller.Reconcile;

/// <summary>
/// Reconciles one Application as an ordered list of small steps (Flux-style): validate the spec, handle deletion,
/// resolve the revision, render, compare against the cluster cache, sync when automated or asked, assess health.
/// A step continues (null) or ends the chain with a typed outcome; whatever a step throws is classified into an
/// outcome too. Then the pure <see cref="StatusCalculator"/> turns (previous status, what was observed, outcome)
/// into the next status and its Events, which are written here, with the metrics.
/// </summary>
public sealed partial class Reconciler : IAsyncDisposable
{
    private readonly IKubernetesApi _kube;
    private readonly IGitRepositoryCache _git;
    private readonly IManifestRenderer _renderer;
    private readonly GitOpsAgentMetrics _metrics;
    private readonly EventRecorder _events;
    private readonly ControllerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<Reconciler> _logger;
    private readonly IAppPolicySource _policies;
    private readonly Func<double> _jitter;
    private readonly Rendering.Charts.IChartSource? _charts;
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
        ILogger<Reconciler> logger,
        IKubernetesIdentities identities,
        IAppPolicySource policies,
        Func<double>? jitter = null,
        Rendering.Charts.IChartSource? charts = null,
        Destinations.RemoteDestinationFactory? remotes = null)
    {
        _charts = charts;
        _kube = kube;
        _git = git;
        _renderer = renderer;
        _metrics = metrics;
        _events = events;
        _options = options;
        _time = time;
        _logger = logger;
        _policies = policies;
        _jitter = jitter ?? Random.Shared.NextDouble;
        Destinations = new Destinations.DestinationRegistry(
            new Destinations.Destination("the controller's cluster", kube, identities, cache, schemas), remotes,
            logger);
    }

    /// <summary>Where each Application deploys: the controller's cluster or a remote one.</summary>
    public Destinations.DestinationRegistry Destinations { get; }

    private delegate Task<ReconcileOutcome?> Step(ReconcileContext context, CancellationToken ct);

    /// <summary>Health overrides from the controller's ConfigMap, swapped in whole when it changes.</summary>
    public Core.Health.HealthOverrides HealthOverrides { get; set; } = Core.Health.HealthOverrides.Empty;

    /// <summary>cluster.name and cluster.labels.KEY of this controller (read from the options on every reconcile, as every option is).</summary>
    private Core.Variables.VariableSet ClusterVariables => Core.Variables.VariableSet.ForCluster(_options.ClusterName, _options.ClusterLabels);

    /// <summary>The kinds the Applications deploying into <paramref name="destination"/> need watched there (for stopping unused watches).</summary>
    public IReadOnlySet<(string ApiVersion, string Kind)> KindsInUseAt(Destinations.Destination destination) =>
        _memory.Where(m => Destinations.Targets(m.Key, destination)).SelectMany(m => m.Value.Kinds).ToHashSet();

    /// <summary>Closes the remote destinations (their watches and connections).</summary>
    public ValueTask DisposeAsync() => Destinations.DisposeAsync();

    public void Forget(AppKey key)
    {
        _memory.TryRemove(key, out _);
        _ = Destinations.ReleaseAsync(key);
        _metrics.RemoveApplication(key.Namespace, key.Name);
    }

    public async Task<ReconcileResult> ReconcileAsync(AppKey key, JsonObject appObject, ReconcileTriggers triggers, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        var memory = _memory.GetOrAdd(key, _ => new AppMemory());
        using var scope = _logger.BeginScope(new Dictionary<string, object>
        {
            ["application"] = key.ToString(),
            ["reconcileId"] = Guid.NewGuid().ToString("N")[..12],
        });
        try
        {
            ReconcileContext context;
            try
            {
                var app = ApplicationSerializer.FromJson(appObject);
                var account = ServiceAccountOf(key, app);
                var home = Destinations.Local.ApiFor(account);
                context = new ReconcileContext(key, appObject, app, triggers, memory) { ServiceAccount = account, Api = home, HomeApi = home, Destination = Destinations.Local };
            }
            catch (System.Text.Json.JsonException ex)
            {
                // The API server validates against the CRD schema, so this is a CRD older than the controller.
                Log.UnreadableApplication(_logger, key, ex.Message);
                return new ReconcileResult(_options.Interval, Failed: true);
            }

            var outcome = await RunStepsAsync(context, ct);
            if (context.Gone)
            {
                return ReconcileResult.Done;
            }

            outcome = CountFailure(context, ReconcileFailures.WithIdentity(outcome, context));
            await FinishAsync(context, outcome, ct);
            return new ReconcileResult(NextDelay(context, outcome), Failed: outcome.IsFailure);
        }
        finally
        {
            _metrics.RecordReconcile(key.Namespace, key.Name, stopwatch.Elapsed);
        }
    }

    private async Task<ReconcileOutcome> RunStepsAsync(ReconcileContext context, CancellationToken ct)
    {
        Step[] steps =
        [
            ValidateSpecAsync,
            ResolveDestinationAsync,
            HandleDeletionAsync,
            EnsureFinalizerAsync,
            CheckSourcePolicyAsync,
            ResolveRevisionAsync,
            ResolveSubstitutionsAsync,
            RenderAsync,
            CheckObjectPolicyAsync,
            CompareAsync,
            SyncAsync,
            AssessHealthAsync,
        ];

        IDisposable? revisionScope = null;
        try
        {
            foreach (var step in steps)
            {
                var outcome = await step(context, ct);
                if (revisionScope is null && context.Revision is not null)
                {
                    // From here on every log line of this reconcile names the commit it works on.
                    revisionScope = _logger.BeginScope(new Dictionary<string, object> { ["revision"] = context.Revision });
                }

                if (outcome is not null)
                {
                    return outcome;
                }
            }

            return context.Deferred ?? ReconcileOutcome.Succeeded;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var outcome = ReconcileFailures.Classify(ex, context);
            if (outcome.Reason == ConditionReasons.InternalError)
            {
                Log.UnexpectedError(_logger, context.Key, context.Stage.ToString(), ex);
            }

            return outcome;
        }
        finally
        {
            revisionScope?.Dispose();
        }
    }

    /// <summary>Counts consecutive failures; past spec.syncPolicy.retry.limit a retry becomes a stall.</summary>
    private static ReconcileOutcome CountFailure(ReconcileContext context, ReconcileOutcome outcome)
    {
        var memory = context.Memory;
        if (!outcome.IsFailure)
        {
            memory.Failures = 0;
            return outcome;
        }

        memory.Failures++;
        return outcome.Kind == OutcomeKind.Retrying && context.App.Spec.SyncPolicy?.Retry?.Limit is { } limit && memory.Failures > limit
            ? ReconcileOutcome.Stall(outcome.Reason, $"gave up after {limit} retries: {outcome.Message}")
            : outcome;
    }

    /// <summary>When to look again: the poll slot (sooner while a rollout progresses), the backoff, or what a wait asked for.</summary>
    private TimeSpan NextDelay(ReconcileContext context, ReconcileOutcome outcome) => outcome.Kind switch
    {
        OutcomeKind.Retrying => Backoff.FromPolicy(context.App.Spec.SyncPolicy?.Retry?.Backoff).Delay(context.Memory.Failures, _jitter()),
        OutcomeKind.Waiting => outcome.After ?? TimeSpan.FromSeconds(5),
        _ => NextPoll(context),
    };

    private TimeSpan NextPoll(ReconcileContext context)
    {
        var interval = GoDuration.Parse(context.App.Spec.SyncPolicy?.Interval, _options.Interval);
        var next = PollSchedule.NextAlignedDelay(_time.GetUtcNow(), interval, RepoUrl.Normalize(context.App.Spec.Source.RepoURL));
        var progressing = context.Health?.Status is Core.Health.HealthStatus.Progressing or Core.Health.HealthStatus.Missing;
        return progressing ? TimeSpan.FromSeconds(Math.Min(next.TotalSeconds, 10)) : next;
    }
}
