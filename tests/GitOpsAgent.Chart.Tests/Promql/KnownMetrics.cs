namespace GitOpsAgent.Chart.Tests.Promql;

/// <summary>The metric names the controller exports (its telemetry contract) plus the standard ones queries may use.</summary>
public static class KnownMetrics
{
    private static readonly string[] Counters =
    [
        "gitopsagent_app_sync_total",
        "gitopsagent_app_drift_total",
        "gitopsagent_app_pruned_objects_total",
        "gitopsagent_resource_apply_total",
        "gitopsagent_git_request_total",
        "gitopsagent_render_cache_hits_total",
        "gitopsagent_render_cache_misses_total",
        "gitopsagent_kube_request_total",
        "gitopsagent_webhook_requests_total",
        "gitopsagent_preview_requests_total",
        "gitopsagent_notification_deliveries_total",
        "gitopsagent_reconcile_errors_total",
    ];

    private static readonly string[] Gauges =
    [
        "gitopsagent_app_info",
        "gitopsagent_app_condition",
        "gitopsagent_workqueue_depth",
        "gitopsagent_leader",
    ];

    private static readonly string[] Histograms =
    [
        "gitopsagent_app_reconcile_duration_seconds",
        "gitopsagent_git_request_duration_seconds",
        "gitopsagent_render_duration_seconds",
        "gitopsagent_kube_request_duration_seconds",
        "gitopsagent_workqueue_wait_seconds",
    ];

    /// <summary>Series Prometheus adds to every target, and the process metrics every Prometheus client exposes.</summary>
    private static readonly string[] Standard =
    [
        "up", "scrape_duration_seconds", "scrape_samples_scraped",
        "process_cpu_seconds_total", "process_resident_memory_bytes", "process_start_time_seconds",
    ];

    public static IReadOnlySet<string> All { get; } = Counters
        .Concat(Gauges)
        .Concat(Histograms.SelectMany(h => new[] { h + "_bucket", h + "_sum", h + "_count" }))
        .Concat(Standard)
        .ToHashSet(StringComparer.Ordinal);
}
