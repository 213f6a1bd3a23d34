using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Health;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Telemetry;

namespace GitOpsAgent.Controller;

public sealed partial class Reconciler
{
    /// <summary>Health of every desired object (Missing when absent) and of the Application as the worst of them.</summary>
    private Task<ReconcileResult?> AssessHealthAsync(ReconcileContext context, AppMemory memory, CancellationToken ct)
    {
        var results = new List<(ResourceKey Key, HealthResult? Health)>();
        var resources = new List<ResourceStatus>();
        var diffs = context.Diffs.ToDictionary(d => d.Key);
        foreach (var manifest in context.Desired)
        {
            var health = context.Live.TryGetValue(manifest.Key, out var live)
                ? HealthAssessor.Assess(live, HealthOverrides)
                : new HealthResult(HealthStatus.Missing, "not found in the cluster");
            results.Add((manifest.Key, health));
            resources.Add(new ResourceStatus
            {
                Group = manifest.Key.Group,
                Version = manifest.Object.GetVersion(),
                Kind = manifest.Key.Kind,
                Namespace = NullIfEmpty(manifest.Key.Namespace),
                Name = manifest.Key.Name,
                Status = diffs.TryGetValue(manifest.Key, out var d) && d.Action != DiffAction.InSync ? "OutOfSync" : "Synced",
                Health = health is null ? null : new HealthStatusInfo { Status = health.Status.ToString(), Message = NullIfEmpty(health.Message) },
            });
        }

        foreach (var orphan in context.Diffs.Where(d => d.Action == DiffAction.Prune))
        {
            var live = context.LiveTracked.FirstOrDefault(o => ResourceKey.Of(o) == orphan.Key);
            resources.Add(new ResourceStatus
            {
                Group = orphan.Key.Group,
                Version = live?.GetVersion() ?? "",
                Kind = orphan.Key.Kind,
                Namespace = NullIfEmpty(orphan.Key.Namespace),
                Name = orphan.Key.Name,
                Status = "OutOfSync",
            });
        }

        context.Health = ApplicationHealth.Aggregate(results);
        context.Status.Resources = resources;
        FinishSuccessfulStatus(context);
        return Task.FromResult<ReconcileResult?>(null);
    }

    /// <summary>Sync, health and the kstatus conditions after a reconcile that reached the end of its steps.</summary>
    private void FinishSuccessfulStatus(ReconcileContext context)
    {
        var outOfSync = context.Diffs.Where(d => d.Action != DiffAction.InSync).ToList();
        var synced = outOfSync.Count == 0;
        var health = context.Health!;
        context.Status.Sync = new SyncStatusInfo { Status = synced ? "Synced" : "OutOfSync", Revision = context.Revision };
        context.Status.Health = new HealthStatusInfo { Status = health.Status.ToString(), Message = NullIfEmpty(health.Message) };
        context.Status.ObservedGeneration = context.Generation;

        var shortSha = ShortSha(context.Revision);
        var syncMessage = synced
            ? $"synced to {shortSha}"
            : $"{outOfSync.Count} object(s) differ from {shortSha}: " + string.Join(", ", outOfSync.Take(5).Select(Describe))
              + (context.Suspended ? " (suspended: no writes)" : context.Automated || context.ManualSyncValue is not null ? "" : " (automated sync is off: annotate gitopsagent.io/sync=true to sync)");
        SetCondition(context, ConditionTypes.Synced, synced, synced ? ConditionReasons.Synced : context.Suspended ? ConditionReasons.SyncPaused : ConditionReasons.OutOfSync, syncMessage);
        var healthReason = health.Status switch
        {
            HealthStatus.Healthy => ConditionReasons.Healthy,
            HealthStatus.Degraded => ConditionReasons.Degraded,
            HealthStatus.Missing => ConditionReasons.Missing,
            HealthStatus.Suspended => ConditionReasons.Suspended,
            _ => ConditionReasons.Progressing,
        };
        SetCondition(context, ConditionTypes.Healthy, health.Status is HealthStatus.Healthy ? true : health.Status is HealthStatus.Progressing or HealthStatus.Missing or HealthStatus.Unknown ? null : false, healthReason, health.Message);

        var waiting = health.Status is HealthStatus.Progressing or HealthStatus.Missing;
        SetCondition(context, ConditionTypes.Reconciling, waiting, waiting ? ConditionReasons.Progressing : ConditionReasons.Succeeded, waiting ? health.Message : "");
        SetCondition(context, ConditionTypes.Stalled, false, ConditionReasons.Succeeded, "");
        var ready = synced && health.Status == HealthStatus.Healthy;
        var readyMessage = ready ? $"synced to {shortSha} and healthy" : !synced ? syncMessage : $"{health.Status}: {health.Message}";
        SetCondition(context, ConditionTypes.Ready, ready, ready ? ConditionReasons.Succeeded : !synced ? ConditionReasons.OutOfSync : healthReason, readyMessage);
    }

    /// <summary>"Deployment.apps ns/web (Modified: spec.replicas, ...)": what differs, so `kubectl describe` answers "why OutOfSync?".</summary>
    private static string Describe(ResourceDiff diff) =>
        diff.Action == DiffAction.Modified && diff.Differences.Count > 0
            ? $"{diff.Key} (Modified: {string.Join(", ", diff.Differences.Take(3).Select(f => f.Path))}{(diff.Differences.Count > 3 ? ", ..." : "")})"
            : $"{diff.Key} ({diff.Action})";

    /// <summary>Writes status through the status subresource, only when it changed; emits health-change events.</summary>
    private async Task WriteStatusAsync(ReconcileContext context, CancellationToken ct)
    {
        var status = context.Status;
        status.ObservedGeneration ??= context.Generation;
        UpdateInfoMetric(context);
        if (StatusComparer.IsEquivalent(context.PreviousStatus, status))
        {
            return;
        }

        var previousHealth = context.PreviousStatus.Health?.Status;
        var newJson = ApplicationSerializer.StatusToJson(status);
        var oldJson = ApplicationSerializer.StatusToJson(context.PreviousStatus);
        foreach (var (key, _) in oldJson)
        {
            // A merge patch keeps what it does not mention: name removed fields explicitly.
            if (!newJson.ContainsKey(key))
            {
                newJson[key] = null;
            }
        }

        try
        {
            await _kube.PatchAsync(Application.ApiVersionValue, Application.KindValue, context.Key.Namespace, context.Key.Name,
                new JsonObject { ["status"] = newJson }, PatchType.Merge, ct, subresource: "status");
        }
        catch (KubernetesNotFoundException)
        {
            return;
        }

        if (status.Health?.Status is { } now && previousHealth is not null && now != previousHealth)
        {
            await _events.NormalAsync(context.AppObject, "HealthChanged", $"Health {previousHealth} -> {now} at {ShortSha(context.Revision)}: {status.Health.Message}", ct);
        }
    }

    /// <summary>Manual refresh and sync annotations are one-shot: remove them once handled.</summary>
    private async Task ClearHandledAnnotationsAsync(ReconcileContext context, CancellationToken ct)
    {
        var handled = new[] { AppAnnotations.Refresh, AppAnnotations.Sync }.Where(a => context.App.Metadata.Annotations?.ContainsKey(a) == true).ToList();
        if (handled.Count == 0 || context.Suspended)
        {
            return;
        }

        var annotations = new JsonObject();
        foreach (var key in handled)
        {
            annotations[key] = null;
        }

        await _kube.PatchAsync(Application.ApiVersionValue, Application.KindValue, context.Key.Namespace, context.Key.Name,
            new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = annotations } }, PatchType.Merge, ct);
    }

    private void UpdateInfoMetric(ReconcileContext context)
    {
        var source = context.App.Spec.Source;
        _metrics.SetApplicationInfo(context.Key.Namespace, context.Key.Name, new ApplicationInfo(
            Git.RepoUrl.Redact(source.RepoURL),
            context.App.Spec.Destination?.Namespace ?? "",
            context.Status.Sync?.Status ?? "Unknown",
            context.Status.Health?.Status ?? "Unknown",
            context.Automated));
    }
}
