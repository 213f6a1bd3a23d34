using GitOpsAgent.Core.Sync;
using GitOpsAgent.Telemetry;

namespace GitOpsAgent.Tests.Telemetry;

/// <summary>One sample of every GitOpsAgent metric, and the families and label names they must expose.</summary>
internal static class MetricSamples
{
    public static readonly IReadOnlyDictionary<string, (string Type, string[] Labels)> RequiredFamilies = new Dictionary<string, (string, string[])>
    {
        ["gitopsagent_app_info"] = ("gauge", ["namespace", "name", "repo", "dest_namespace", "sync_status", "health_status", "autosync"]),
        ["gitopsagent_app_condition"] = ("gauge", ["namespace", "name", "type", "status"]),
        ["gitopsagent_reconcile_errors_total"] = ("counter", ["namespace", "name", "reason"]),
        ["gitopsagent_app_sync_total"] = ("counter", ["namespace", "name", "phase"]),
        ["gitopsagent_app_reconcile_duration_seconds"] = ("histogram", ["namespace", "name"]),
        ["gitopsagent_app_drift_total"] = ("counter", ["namespace", "name"]),
        ["gitopsagent_app_pruned_objects_total"] = ("counter", ["namespace", "name"]),
        ["gitopsagent_resource_apply_total"] = ("counter", ["group", "kind", "result"]),
        ["gitopsagent_git_request_total"] = ("counter", ["repo", "request_type"]),
        ["gitopsagent_git_request_duration_seconds"] = ("histogram", ["repo", "request_type"]),
        ["gitopsagent_render_duration_seconds"] = ("histogram", ["kind"]),
        ["gitopsagent_render_cache_hits_total"] = ("counter", []),
        ["gitopsagent_render_cache_misses_total"] = ("counter", []),
        ["gitopsagent_kube_request_total"] = ("counter", ["verb", "resource", "code"]),
        ["gitopsagent_kube_request_duration_seconds"] = ("histogram", ["verb"]),
        ["gitopsagent_workqueue_depth"] = ("gauge", []),
        ["gitopsagent_workqueue_wait_seconds"] = ("histogram", []),
        ["gitopsagent_leader"] = ("gauge", ["shard"]),
        ["gitopsagent_webhook_requests_total"] = ("counter", ["provider", "result"]),
        ["gitopsagent_preview_requests_total"] = ("counter", ["provider", "result"]),
        ["gitopsagent_notification_deliveries_total"] = ("counter", ["namespace", "name", "provider", "result"]),
        ["process_cpu_seconds_total"] = ("counter", []),
        ["process_resident_memory_bytes"] = ("gauge", []),
        ["process_start_time_seconds"] = ("gauge", []),
    };

    /// <summary>A label value that needs every escape of the text format: backslash, double quote, line feed.</summary>
    public const string OddProvider = "odd \\ \"quoted\"\nline";

    public static void RecordOneOfEach(GitOpsAgentMetrics metrics, string ns)
    {
        metrics.SetApplicationInfo(ns, "web", new ApplicationInfo("https://git.example.test/org/apps.git", "prod", "Synced", "Healthy", AutoSync: true));
        metrics.RecordSync(ns, "web", "Succeeded");
        metrics.RecordReconcile(ns, "web", TimeSpan.FromMilliseconds(42));
        metrics.RecordDrift(ns, "web");
        metrics.RecordPruned(ns, "web", 2);
        metrics.RecordApply("apps", "Deployment", ApplyResult.Configured);
        metrics.RecordApply("", "ConfigMap", ApplyResult.Created);
        metrics.RecordReconcileError(ns, "web", "InvalidManifest");
        metrics.SetConditions(ns, "web", [("Ready", "False"), ("Stalled", "True")]);
        metrics.RecordGitRequest("https://git.example.test/org/apps.git", "fetch", TimeSpan.FromMilliseconds(300));
        metrics.RecordRender("kustomize", TimeSpan.FromMilliseconds(120), cacheHit: false);
        metrics.RecordRender("plain", TimeSpan.FromMilliseconds(1), cacheHit: true);
        metrics.RecordKubeRequest("PATCH", "deployments", 200, TimeSpan.FromMilliseconds(15));
        metrics.SetWorkqueueDepth(3);
        metrics.RecordWorkqueueWait(TimeSpan.FromMilliseconds(7));
        metrics.SetLeader(0, leading: true);
        metrics.RecordWebhook("github", "accepted");
        metrics.RecordWebhook(OddProvider, "rejected");
        metrics.RecordPreview("github", "posted");
        metrics.RecordNotification(ns, "team-slack", "slack", "sent");
    }
}
