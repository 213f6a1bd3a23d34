using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using GitOpsAgent.Controller.Cache;
using GitOpsAgent.Controller.Leadership;
using GitOpsAgent.Controller.Policy;
using GitOpsAgent.Controller.Queue;
using GitOpsAgent.Controller.Reconcile;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Scheduling;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Controller;

/// <summary>
/// The controller loop: watches Applications (of this shard), feeds a deduplicating work queue from Application
/// changes, poll timers, webhooks and managed-object changes, and runs N workers that reconcile one key each. Runs
/// only while this replica leads.
/// </summary>
public sealed partial class ApplicationController : BackgroundService
{
    private static readonly TimeSpan ObjectChangeCoalescing = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan UnexpectedErrorDelay = TimeSpan.FromSeconds(30);
    private readonly IKubernetesApi _kube;
    private readonly Reconciler _reconciler;
    private readonly ClusterCache _cache;
    private readonly CustomResourceSchemas _schemas;
    private readonly AppPolicyCache _policies;
    private readonly GitOpsAgentMetrics _metrics;
    private readonly ControllerOptions _options;
    private readonly LeaderElector? _elector;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<ApplicationController> _logger;
    private WorkQueue<AppKey> _queue;
    private readonly ConcurrentDictionary<AppKey, ReconcileTriggers> _pending = new();
    private readonly ConcurrentDictionary<AppKey, DateTimeOffset> _pollDue = new();
    private readonly ConcurrentDictionary<AppKey, string> _seen = new();
    private readonly ConcurrentDictionary<string, AppKey> _byTrackingLabel = new(StringComparer.Ordinal);
    private readonly DependentsIndex _dependents = new();
    private List<ResourceWatcher> _appWatchers = [];
    private volatile bool _appsSynced;

    public ApplicationController(
        IKubernetesApi kube,
        Reconciler reconciler,
        ClusterCache cache,
        CustomResourceSchemas schemas,
        AppPolicyCache policies,
        GitOpsAgentMetrics metrics,
        ControllerOptions options,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        LeaderElector? elector = null)
    {
        _kube = kube;
        _reconciler = reconciler;
        _cache = cache;
        _schemas = schemas;
        _policies = policies;
        _metrics = metrics;
        _options = options;
        _elector = elector;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ApplicationController>();
        _queue = NewQueue();
        _cache.TrackedObjectChanged += OnTrackedObjectChanged;
        _reconciler.Destinations.TrackedObjectChanged += OnTrackedObjectChanged;
        _reconciler.ApplicationLookup = LookupApplicationAsync;
        _policies.Changed += OnPolicyChanged;
    }

    public bool IsLeading => _elector?.IsLeader ?? true;

    /// <summary>/readyz: a leader is ready once its Application cache is synced; a standby is ready (and says so).</summary>
    public (bool Ready, string Detail) Readiness() =>
        !IsLeading ? (true, "standby: not leading") : _appsSynced ? (true, "leading; caches synced") : (false, "leading; caches not synced yet");

    /// <summary>
    /// Webhook entry: reconcile now every Application whose repository is <paramref name="normalizedRepo"/> and that
    /// this replica owns (it leads, and the Application is in its shard).
    /// </summary>
    public int TriggerRepository(string normalizedRepo)
    {
        if (!IsLeading)
        {
            return 0;
        }

        var count = 0;
        foreach (var app in AllApplications())
        {
            var key = new AppKey(app.GetNamespace(), app.GetName());
            if (UsesRepository(app, normalizedRepo) && Owns(key))
            {
                Enqueue(key, ReconcileTriggers.Webhook);
                count++;
            }
        }

        return count;
    }

    /// <summary>Whether this replica reconciles <paramref name="key"/> now (leading, and in its shard).</summary>
    public bool Owns(AppKey key) => IsLeading && ShardAssignment.Owns(_options.Shard, _options.Shards, key.Namespace, key.Name);

    public static bool UsesRepository(JsonObject app, string normalizedRepo) =>
        app.GetStringAt("spec", "source", "repoURL") is { } repoUrl && RepoUrl.Normalize(repoUrl) == normalizedRepo;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_elector is null)
        {
            // Without leader election this replica always leads its shard: say so, or gitopsagent_leader is missing and alerts on it misfire.
            _metrics.SetLeader(_options.Shard, true);
            return LeadAsync(stoppingToken);
        }

        return _elector.RunAsync(LeadAsync, stoppingToken);
    }

    private WorkQueue<AppKey> NewQueue()
    {
        var queue = new WorkQueue<AppKey>(_time);
        queue.Waited += wait => _metrics.RecordWorkqueueWait(wait);
        return queue;
    }

    /// <summary>One leadership term: a fresh queue and fresh Application watches; everything starts from status.</summary>
    private async Task LeadAsync(CancellationToken leading)
    {
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(leading);
        _queue = NewQueue();
        _pending.Clear();
        _pollDue.Clear();
        _seen.Clear();
        _dependents.Clear();
        try
        {
            await _schemas.RefreshScopeAsync(leading);
            await LoadHealthOverridesAsync(leading);
            var watcherTasks = StartApplicationWatchers(watching.Token);
            watcherTasks.Add(Task.Run(() => _policies.RunAsync(watching.Token), CancellationToken.None));
            await WaitForApplicationsAsync(leading);

            // Bounded: without them every policy check retries (nothing is applied meanwhile), which is safe.
            await _policies.WaitUntilKnownAsync(_options.WatchSyncTimeout, leading);
            _appsSynced = true;
            Log.Started(_logger, _options.Workers, _options.Shard, _options.Shards);

            // Running reconciles get a grace period on shutdown; taking new work stops at once.
            using var reconciling = new CancellationTokenSource();
            await using var graceOnStop = leading.Register(() =>
            {
                // Shutting down: let running syncs finish (bounded). Leadership lost: another replica may write now.
                if (_elector?.LostLeadership == true)
                {
                    reconciling.Cancel();
                }
                else
                {
                    reconciling.CancelAfter(_options.ShutdownTimeout);
                }
            });
            var workers = Enumerable.Range(0, _options.Workers).Select(_ => Task.Run(() => WorkAsync(leading, reconciling.Token), CancellationToken.None)).ToList();
            var housekeeping = Task.Run(() => HousekeepAsync(leading), CancellationToken.None);
            await Task.WhenAll(workers.Append(housekeeping));
            await watching.CancelAsync();
            await Task.WhenAll(watcherTasks);
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
        }
        finally
        {
            _appsSynced = false;
            _queue.ShutDown();
        }
    }

    private List<Task> StartApplicationWatchers(CancellationToken ct)
    {
        var namespaces = _options.WatchNamespaces.Count == 0 ? [null] : _options.WatchNamespaces.Select(n => (string?)n).ToList();
        _appWatchers = namespaces.Select(ns => new ResourceWatcher(
            _kube,
            new ResourceWatcherOptions(Application.ApiVersionValue, Application.KindValue, ns),
            OnApplicationEvent,
            _time,
            _loggerFactory.CreateLogger<ResourceWatcher>())).ToList();
        return _appWatchers.Select(w => Task.Run(() => w.RunAsync(ct), CancellationToken.None)).ToList();
    }

    private async Task WaitForApplicationsAsync(CancellationToken ct)
    {
        while (!_appWatchers.All(w => w.HasSynced))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, ct);
        }
    }

    private IEnumerable<JsonObject> AllApplications() => _appWatchers.SelectMany(w => w.Snapshot());

    private JsonObject? FindApplication(AppKey key) =>
        _appWatchers.Select(w => w.TryGet(key.Namespace, key.Name)).FirstOrDefault(o => o is not null);

    private ValueTask OnApplicationEvent(ResourceWatcherEvent e, CancellationToken ct)
    {
        if (e.Object is not { } app)
        {
            return ValueTask.CompletedTask;
        }

        var key = new AppKey(app.GetNamespace(), app.GetName());
        // Every shard indexes every Application: a dependency may live in another shard than its dependents.
        if (e.Type == ResourceWatcherEventType.Deleted)
        {
            _dependents.Remove(key);
        }
        else
        {
            NoteDependencies(key, app);
        }

        if (!ShardAssignment.Owns(_options.Shard, _options.Shards, key.Namespace, key.Name))
        {
            return ValueTask.CompletedTask;
        }

        if (e.Type == ResourceWatcherEventType.Deleted)
        {
            _seen.TryRemove(key, out _);
            _pending.TryRemove(key, out _);
            _pollDue.TryRemove(key, out _);
            _byTrackingLabel.TryRemove(Tracking.LabelValue(new AppIdentity(key.Namespace, key.Name)), out _);
            _queue.Forget(key);
            _reconciler.Forget(key);
            return ValueTask.CompletedTask;
        }

        _byTrackingLabel[Tracking.LabelValue(new AppIdentity(key.Namespace, key.Name))] = key;

        // Our own status writes come back as events too: only what the user can change triggers a reconcile.
        var fingerprint = Fingerprint(app);
        if (_seen.TryGetValue(key, out var previous) && previous == fingerprint)
        {
            return ValueTask.CompletedTask;
        }

        _seen[key] = fingerprint;
        Enqueue(key, ReconcileTriggers.ApplicationChanged);
        return ValueTask.CompletedTask;
    }

    private static string Fingerprint(JsonObject app) =>
        string.Join('|', app.GetInt64At("metadata", "generation")?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            app.GetObjectAt("metadata", "annotations")?.ToJsonString() ?? "",
            app.GetArrayAt("metadata", "finalizers")?.ToJsonString() ?? "",
            app.GetStringAt("metadata", "deletionTimestamp") ?? "");

    /// <summary>Indexes spec.dependsOn; when an Application's readiness changes (our own status write), its dependents of this shard reconcile now.</summary>
    private void NoteDependencies(AppKey key, JsonObject app)
    {
        Application parsed;
        try
        {
            parsed = ApplicationSerializer.FromJson(app);
        }
        catch (System.Text.Json.JsonException)
        {
            return;
        }

        var dependsOn = Dependencies.Of(parsed.Spec, key.Namespace).Select(d => new AppKey(d.Namespace, d.Name)).ToList();
        var ready = Core.Status.Conditions.Find(parsed.Status?.Conditions, Core.Status.ConditionTypes.Ready);
        var readiness = $"{ready?.Status}|{ready?.Reason}|{parsed.Metadata.Generation}|{parsed.Status?.ObservedGeneration}|{parsed.Status?.LastAttemptedRevision}|{parsed.Status?.LastAppliedRevision}";
        foreach (var dependent in _dependents.Update(key, dependsOn, readiness))
        {
            if (Owns(dependent))
            {
                Enqueue(dependent, ReconcileTriggers.DependencyReady);
            }
        }
    }

    /// <summary>Another Application for the reconciler: from the watch cache where this controller watches its namespace, else one GET.</summary>
    private Task<JsonObject?> LookupApplicationAsync(AppKey key, CancellationToken ct) =>
        _options.WatchNamespaces.Count == 0 || _options.WatchNamespaces.Contains(key.Namespace)
            ? Task.FromResult(FindApplication(key))
            : _kube.GetAsync(Application.ApiVersionValue, Application.KindValue, key.Namespace, key.Name, ct);

    /// <summary>A managed object changed (possibly by someone else): re-compare its Application soon.</summary>
    internal void OnTrackedObjectChanged(string trackingLabel, ResourceWatcherEventType type, JsonObject obj)
    {
        if (_byTrackingLabel.TryGetValue(trackingLabel, out var key))
        {
            _pending.AddOrUpdate(key, ReconcileTriggers.ObjectChanged, (_, t) => t | ReconcileTriggers.ObjectChanged);
            _queue.AddAfter(key, ObjectChangeCoalescing);
        }
    }

    /// <summary>
    /// An AppPolicy changed: check again the Applications it may govern (those of its namespace; for the controller's
    /// namespace, where the defaults live, every Application).
    /// </summary>
    internal void OnPolicyChanged(string policyNamespace)
    {
        var everyone = policyNamespace == _options.EffectiveControllerNamespace;
        foreach (var app in AllApplications())
        {
            var key = new AppKey(app.GetNamespace(), app.GetName());
            if ((everyone || key.Namespace == policyNamespace) && ShardAssignment.Owns(_options.Shard, _options.Shards, key.Namespace, key.Name))
            {
                Enqueue(key, ReconcileTriggers.PolicyChanged);
            }
        }
    }

    private void Enqueue(AppKey key, ReconcileTriggers trigger)
    {
        _pending.AddOrUpdate(key, trigger, (_, t) => t | trigger);
        _queue.Add(key);
        _metrics.SetWorkqueueDepth(_queue.Depth);
    }

    private async Task WorkAsync(CancellationToken taking, CancellationToken reconciling)
    {
        while (!taking.IsCancellationRequested)
        {
            AppKey key;
            try
            {
                key = await _queue.TakeAsync(taking);
            }
            catch (Exception ex) when (ex is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
            {
                return;
            }

            _metrics.SetWorkqueueDepth(_queue.Depth);
            try
            {
                await ReconcileKeyAsync(key, reconciling);
            }
            finally
            {
                _queue.Done(key);
            }
        }
    }

    private async Task ReconcileKeyAsync(AppKey key, CancellationToken ct)
    {
        var app = FindApplication(key);
        if (app is null)
        {
            _reconciler.Forget(key);
            return;
        }

        _pending.TryRemove(key, out var triggers);
        if (_pollDue.TryGetValue(key, out var due) && due <= _time.GetUtcNow() + TimeSpan.FromMilliseconds(100))
        {
            triggers |= ReconcileTriggers.Poll;
        }

        try
        {
            var result = await _reconciler.ReconcileAsync(key, (JsonObject)app.DeepClone(), triggers, ct);
            if (result.RequeueAfter is { } after)
            {
                var next = _time.GetUtcNow() + after;

                // A reconcile caused only by a managed object's change did not ask Git: it must not push the poll back,
                // or an object that changes more often than the interval would stop polling altogether.
                if (triggers == ReconcileTriggers.ObjectChanged && _pollDue.TryGetValue(key, out var pollDue) && pollDue < next)
                {
                    next = pollDue;
                }

                _pollDue[key] = next;
                _queue.AddAfter(key, next - _time.GetUtcNow());
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down or lost leadership: the next leader starts from status.
        }
        catch (Exception ex)
        {
            // The reconciler turns every failure into a status outcome; reaching here is a bug, kept from stopping the worker.
            Log.ReconcileError(_logger, key, ex.GetType().Name, ex.Message, UnexpectedErrorDelay);
            _pollDue[key] = _time.GetUtcNow() + UnexpectedErrorDelay;
            _queue.AddAfter(key, UnexpectedErrorDelay);
        }
    }

    /// <summary>Every minute: stop watches no Application needs, in the controller's cluster and in each remote one.</summary>
    private async Task HousekeepAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(1), _time, ct);
                await _cache.StopUnusedAsync(_reconciler.KindsInUseAt(_reconciler.Destinations.Local));
                foreach (var remote in _reconciler.Destinations.Remotes())
                {
                    await remote.Cache.StopUnusedAsync(_reconciler.KindsInUseAt(remote));
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task LoadHealthOverridesAsync(CancellationToken ct)
    {
        if (string.IsNullOrEmpty(_options.HealthOverridesConfigMap))
        {
            return;
        }

        // The controller's own namespace, where the chart puts the ConfigMap (with or without leader election).
        var ns = _options.LeaseNamespace ?? Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "default";
        var configMap = await _kube.GetAsync("v1", "ConfigMap", ns, _options.HealthOverridesConfigMap, ct);
        if (configMap?.GetStringAt("data", "overrides.yaml") is { } yaml)
        {
            _reconciler.HealthOverrides = Core.Health.HealthOverrides.Parse(yaml);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Controller started: {Workers} workers, shard {Shard} of {Shards}")]
        public static partial void Started(ILogger logger, int workers, int shard, int shards);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Reconcile of {Application} failed with {ErrorType}: {Error}; retrying in {Delay}")]
        public static partial void ReconcileError(ILogger logger, AppKey application, string errorType, string error, TimeSpan delay);
    }
}
