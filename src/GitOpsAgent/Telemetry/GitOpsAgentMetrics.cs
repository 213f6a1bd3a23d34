using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Sync;

namespace GitOpsAgent.Telemetry;

/// <summary>
/// The one class that creates GitOpsAgent's instruments, on the Meter "GitOpsAgent". Instrument names follow
/// OpenTelemetry conventions (dots, a unit, no _total); the OpenTelemetry Prometheus exporter turns them into the exposed names
/// (gitopsagent.app.sync with unit {sync} becomes gitopsagent_app_sync_total). Label values must stay bounded:
/// names, phases, verbs and result words, never commit SHAs or error messages.
/// </summary>
public sealed class GitOpsAgentMetrics : IDisposable
{
    public const string MeterName = "GitOpsAgent";

    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private static readonly InstrumentAdvice<double> DurationAdvice = new() { HistogramBucketBoundaries = DurationBuckets };

    private readonly Meter meter;
    private readonly ConcurrentDictionary<(string Namespace, string Name), ApplicationInfo> applications = new();
    private readonly ConcurrentDictionary<(string Namespace, string Name), IReadOnlyDictionary<string, string>> conditions = new();
    private readonly ConcurrentDictionary<int, bool> leadership = new();
    private readonly Counter<long> reconcileErrors;
    private readonly Counter<long> appSyncs;
    private readonly Histogram<double> reconcileDuration;
    private readonly Counter<long> drifts;
    private readonly Counter<long> prunedObjects;
    private readonly Counter<long> resourceApplies;
    private readonly Counter<long> gitRequests;
    private readonly Histogram<double> gitRequestDuration;
    private readonly Histogram<double> renderDuration;
    private readonly Counter<long> renderCacheHits;
    private readonly Counter<long> renderCacheMisses;
    private readonly Counter<long> kubeRequests;
    private readonly Histogram<double> kubeRequestDuration;
    private readonly Histogram<double> workqueueWait;
    private readonly Counter<long> webhookRequests;
    private readonly Counter<long> previews;
    private readonly Counter<long> notificationDeliveries;
    private readonly double processStartTimeSeconds;
    private readonly string? clusterName;
    private int workqueueDepth;

    /// <param name="clusterName">The controller's --cluster-name: the "cluster" label of every per-Application series (one value per controller); none, no such label.</param>
    public GitOpsAgentMetrics(IMeterFactory meterFactory, string? clusterName = null)
    {
        this.clusterName = string.IsNullOrEmpty(clusterName) ? null : clusterName;
        this.meter = meterFactory.Create(new MeterOptions(MeterName));
        var m = this.meter;

        m.CreateObservableGauge("gitopsagent.app.info", this.ObserveApplications, description: "Information about each Application; the value is always 1.");
        m.CreateObservableGauge("gitopsagent.app.condition", this.ObserveConditions, description: "1 for each Application condition's current status (True, False, Unknown), 0 for the other two.");
        this.reconcileErrors = m.CreateCounter<long>("gitopsagent.reconcile.errors", "{error}", "Reconciles that ended in a failure, by condition reason.");
        this.appSyncs = m.CreateCounter<long>("gitopsagent.app.sync", "{sync}", "Sync operations by final phase (Succeeded, Failed, Error).");
        this.reconcileDuration = m.CreateHistogram("gitopsagent.app.reconcile.duration", "s", "Time to reconcile an Application once.", advice: DurationAdvice);
        this.drifts = m.CreateCounter<long>("gitopsagent.app.drift", "{drift}", "Reconciles that found live state drifted from Git.");
        this.prunedObjects = m.CreateCounter<long>("gitopsagent.app.pruned_objects", "{object}", "Objects deleted because they left the desired state.");
        this.resourceApplies = m.CreateCounter<long>("gitopsagent.resource.apply", "{object}", "Objects applied, by API group, kind and result.");
        this.gitRequests = m.CreateCounter<long>("gitopsagent.git.request", "{request}", "Git requests to remote repositories.");
        this.gitRequestDuration = m.CreateHistogram("gitopsagent.git.request.duration", "s", "Duration of git requests to remote repositories.", advice: DurationAdvice);
        this.renderDuration = m.CreateHistogram("gitopsagent.render.duration", "s", "Time to render manifests, by renderer kind.", advice: DurationAdvice);
        this.renderCacheHits = m.CreateCounter<long>("gitopsagent.render.cache.hits", "{render}", "Renders answered from the render cache.");
        this.renderCacheMisses = m.CreateCounter<long>("gitopsagent.render.cache.misses", "{render}", "Renders that missed the render cache.");
        this.kubeRequests = m.CreateCounter<long>("gitopsagent.kube.request", "{request}", "Kubernetes API requests by verb, resource and HTTP status code.");
        this.kubeRequestDuration = m.CreateHistogram("gitopsagent.kube.request.duration", "s", "Duration of Kubernetes API requests by verb.", advice: DurationAdvice);
        m.CreateObservableGauge("gitopsagent.workqueue.depth", () => Volatile.Read(ref this.workqueueDepth), "{item}", "Applications waiting in the work queue.");
        this.workqueueWait = m.CreateHistogram("gitopsagent.workqueue.wait", "s", "Time an Application waited in the work queue before a worker took it.", advice: DurationAdvice);
        m.CreateObservableGauge("gitopsagent.leader", this.ObserveLeadership, description: "1 when this replica leads the shard, else 0.");
        this.webhookRequests = m.CreateCounter<long>("gitopsagent.webhook.requests", "{request}", "Webhook requests by provider and result.");
        this.previews = m.CreateCounter<long>("gitopsagent.preview.requests", "{preview}", "Pull-request previews by provider and result (posted, failed).");
        this.notificationDeliveries = m.CreateCounter<long>("gitopsagent.notification.deliveries", "{message}", "Notification messages by Notification, provider type and result (sent, failed, suppressed).");

        // The process metrics every Prometheus client library exposes, under their conventional names.
        using (var process = Process.GetCurrentProcess())
        {
            this.processStartTimeSeconds = new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
        }

        m.CreateObservableCounter("process.cpu", () => Environment.CpuUsage.TotalTime.TotalSeconds, "s", "Total user and system CPU time spent in seconds.");
        m.CreateObservableGauge("process.resident_memory", () => Environment.WorkingSet, "By", "Resident memory size in bytes.");
        m.CreateObservableGauge("process.start_time", () => this.processStartTimeSeconds, "s", "Start time of the process since unix epoch in seconds.");

        // The runtime's own thread pool instruments are counters that go down; these are the gauges they should be.
        m.CreateObservableGauge("dotnet.thread_pool.threads", () => ThreadPool.ThreadCount, "{thread}", "Thread pool threads that currently exist.");
        m.CreateObservableGauge("dotnet.thread_pool.queue.length", () => ThreadPool.PendingWorkItemCount, "{work_item}", "Work items queued to the thread pool and not yet started.");
    }

    public void SetApplicationInfo(string ns, string name, ApplicationInfo info) => this.applications[(ns, name)] = info;

    public void RemoveApplication(string ns, string name)
    {
        this.applications.TryRemove((ns, name), out _);
        this.conditions.TryRemove((ns, name), out _);
    }

    /// <summary>The Application's conditions by type; types it lacks are reported as their absent meaning (Reconciling/Stalled False, others Unknown).</summary>
    public void SetConditions(string ns, string name, IReadOnlyList<(string Type, string Status)> current) =>
        this.conditions[(ns, name)] = current.ToDictionary(c => c.Type, c => c.Status, StringComparer.Ordinal);

    /// <param name="reason">A condition reason constant (bounded).</param>
    public void RecordReconcileError(string ns, string name, string reason) =>
        this.reconcileErrors.Add(1, this.AppTags(ns, name, ("reason", reason)));

    /// <param name="phase">Succeeded, Failed or Error.</param>
    public void RecordSync(string ns, string name, string phase) =>
        this.appSyncs.Add(1, this.AppTags(ns, name, ("phase", phase)));

    public void RecordReconcile(string ns, string name, TimeSpan duration) =>
        this.reconcileDuration.Record(duration.TotalSeconds, this.AppTags(ns, name));

    public void RecordDrift(string ns, string name) =>
        this.drifts.Add(1, this.AppTags(ns, name));

    public void RecordPruned(string ns, string name, int count)
    {
        // A counter only goes up; a negative count is a caller's bug, not a measurement.
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        this.prunedObjects.Add(count, this.AppTags(ns, name));
    }

    /// <param name="group">The API group, "" for the core group.</param>
    public void RecordApply(string group, string kind, ApplyResult result) =>
        this.resourceApplies.Add(1, new("group", group), new("kind", kind), new("result", result.LabelValue()));

    /// <param name="repo">The repository URL with credentials already removed.</param>
    /// <param name="requestType">ls-remote or fetch.</param>
    public void RecordGitRequest(string repo, string requestType, TimeSpan duration)
    {
        var tags = new TagList { { "repo", repo }, { "request_type", requestType } };
        this.gitRequests.Add(1, tags);
        this.gitRequestDuration.Record(duration.TotalSeconds, tags);
    }

    /// <param name="renderer">plain, kustomize or helm.</param>
    public void RecordRender(string renderer, TimeSpan duration, bool cacheHit)
    {
        this.renderDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("kind", renderer));
        (cacheHit ? this.renderCacheHits : this.renderCacheMisses).Add(1);
    }

    /// <summary>A new commit changed none of an Application's inputs, so its last render stood for it: counted as a render cache hit.</summary>
    public void RecordRenderSkipped() => this.renderCacheHits.Add(1);

    public void RecordKubeRequest(string verb, string resource, int statusCode, TimeSpan duration)
    {
        this.kubeRequests.Add(1, new("verb", verb), new("resource", resource), new("code", statusCode));
        this.kubeRequestDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("verb", verb));
    }

    public void SetWorkqueueDepth(int depth) => Volatile.Write(ref this.workqueueDepth, depth);

    public void RecordWorkqueueWait(TimeSpan wait) => this.workqueueWait.Record(wait.TotalSeconds);

    public void SetLeader(int shard, bool leading) => this.leadership[shard] = leading;

    public void RecordWebhook(string provider, string result) =>
        this.webhookRequests.Add(1, new("provider", provider), new("result", result));

    /// <param name="result">posted or failed.</param>
    public void RecordPreview(string provider, string result) =>
        this.previews.Add(1, new("provider", provider), new("result", result));

    /// <param name="provider">The provider type (webhook, slack, teams, github, gitlab, gitea, bitbucket).</param>
    /// <param name="result">sent, failed or suppressed (held back by the rate limit).</param>
    public void RecordNotification(string ns, string name, string provider, string result) =>
        this.notificationDeliveries.Add(1, new("namespace", ns), new("name", name), new("provider", provider), new("result", result));

    public void Dispose() => this.meter.Dispose();

    private IEnumerable<Measurement<int>> ObserveApplications()
    {
        foreach (var ((ns, name), info) in this.applications)
        {
            yield return new Measurement<int>(1, this.AppTags(
                ns,
                name,
                ("repo", info.Repo),
                ("dest_namespace", info.DestinationNamespace),
                ("sync_status", info.SyncStatus),
                ("health_status", info.HealthStatus),
                ("autosync", info.AutoSync ? "true" : "false")));
        }
    }

    private IEnumerable<Measurement<int>> ObserveConditions()
    {
        foreach (var ((ns, name), byType) in this.conditions)
        {
            foreach (var type in ConditionTypes.All)
            {
                var current = byType.GetValueOrDefault(type) ?? (type is ConditionTypes.Reconciling or ConditionTypes.Stalled ? Conditions.False : Conditions.Unknown);
                foreach (var status in (string[])[Conditions.True, Conditions.False, Conditions.Unknown])
                {
                    yield return new Measurement<int>(status == current ? 1 : 0, this.AppTags(ns, name, ("type", type), ("status", status)));
                }
            }
        }
    }

    /// <summary>The labels of a per-Application series: namespace, name, then <paramref name="more"/>, then cluster when the controller has a name.</summary>
    private TagList AppTags(string ns, string name, params ReadOnlySpan<(string Key, string Value)> more)
    {
        var tags = new TagList { { "namespace", ns }, { "name", name } };
        foreach (var (key, value) in more)
        {
            tags.Add(key, value);
        }

        if (this.clusterName is not null)
        {
            tags.Add("cluster", this.clusterName);
        }

        return tags;
    }

    private IEnumerable<Measurement<int>> ObserveLeadership()
    {
        foreach (var (shard, leading) in this.leadership)
        {
            yield return new Measurement<int>(leading ? 1 : 0, new KeyValuePair<string, object?>("shard", shard));
        }
    }
}
