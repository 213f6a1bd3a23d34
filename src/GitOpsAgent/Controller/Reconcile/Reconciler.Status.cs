using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Telemetry;

namespace GitOpsAgent.Controller.Reconcile;

public sealed partial class Reconciler
{
    /// <summary>The status the calculator computes from this reconcile, its Events, and the metrics that mirror it.</summary>
    private async Task FinishAsync(ReconcileContext context, ReconcileOutcome outcome, CancellationToken ct)
    {
        if (outcome.IsFailure)
        {
            Log.ReconcileFailed(_logger, context.Key, outcome.Reason, outcome.Message);
            _metrics.RecordReconcileError(context.Key.Namespace, context.Key.Name, outcome.Reason);
        }

        var update = StatusCalculator.Next(context.PreviousStatus, context.Observe(_time.GetUtcNow(), outcome.Kind == OutcomeKind.Succeeded), outcome);
        UpdateStatusMetrics(context, update.Status);
        var written = await WriteStatusAsync(context, update.Status, ct);
        if (!written)
        {
            return;
        }

        foreach (var e in update.Events)
        {
            await _events.RecordAsync(context.AppObject, e.Type, e.Reason, e.Message, ct);
        }

        if (outcome.Kind == OutcomeKind.Succeeded || context.RequestServed)
        {
            await ClearHandledAnnotationsAsync(context, ct);
        }
    }

    /// <summary>While a long sync runs, status says how far it got (written every few seconds, not per object).</summary>
    private async Task ReportProgressAsync(ReconcileContext context, string message, CancellationToken ct)
    {
        var outcome = ReconcileOutcome.Wait(ConditionReasons.Syncing, message, TimeSpan.Zero);
        var update = StatusCalculator.Next(context.PreviousStatus, context.Observe(_time.GetUtcNow(), succeeded: false), outcome);
        await WriteStatusAsync(context, update.Status, ct);
    }

    /// <summary>
    /// Writes status through the status subresource when it changed, as a merge patch that names removed fields. False
    /// when the Application is gone. A failure to write is logged and counted, and the reconcile retries later.
    /// </summary>
    private async Task<bool> WriteStatusAsync(ReconcileContext context, ApplicationStatus status, CancellationToken ct)
    {
        if (StatusComparer.IsEquivalent(context.PreviousStatus, status))
        {
            return true;
        }

        var newJson = ApplicationSerializer.StatusToJson(status);
        NameRemovedFields(newJson, ApplicationSerializer.StatusToJson(context.PreviousStatus));

        try
        {
            await _kube.PatchAsync(Application.ApiVersionValue, Application.KindValue, context.Key.Namespace, context.Key.Name,
                new JsonObject { ["status"] = newJson }, PatchType.Merge, ct, subresource: "status");
            return true;
        }
        catch (KubernetesNotFoundException)
        {
            return false;
        }
        catch (Exception ex) when (ex is KubernetesException or HttpRequestException)
        {
            // The status cannot reach the cluster; the error counter and the log are all that can.
            Log.StatusWriteFailed(_logger, context.Key, ex.Message);
            _metrics.RecordReconcileError(context.Key.Namespace, context.Key.Name, ConditionReasons.ClusterUnavailable);
            return false;
        }
    }

    /// <summary>
    /// A merge patch keeps what it does not mention: name removed fields explicitly, in nested objects too (a new
    /// operationState has no finishedAt yet; the last one's must not stay). Lists are replaced whole anyway.
    /// </summary>
    private static void NameRemovedFields(JsonObject newer, JsonObject older)
    {
        foreach (var (key, value) in older)
        {
            if (!newer.TryGetPropertyValue(key, out var now))
            {
                newer[key] = null;
            }
            else if (now is JsonObject nowObject && value is JsonObject wasObject)
            {
                NameRemovedFields(nowObject, wasObject);
            }
        }
    }

    /// <summary>Manual refresh and sync annotations are one-shot: removed once handled (their value stays in status.lastHandledReconcileAt).</summary>
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

        try
        {
            await _kube.PatchAsync(Application.ApiVersionValue, Application.KindValue, context.Key.Namespace, context.Key.Name,
                new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = annotations } }, PatchType.Merge, ct);
        }
        catch (Exception ex) when (ex is KubernetesException or HttpRequestException)
        {
            // Handled is recorded in status; the annotation is removed on the next successful reconcile.
            Log.StatusWriteFailed(_logger, context.Key, ex.Message);
        }
    }

    private void UpdateStatusMetrics(ReconcileContext context, ApplicationStatus status)
    {
        var source = context.App.Spec.Source;
        _metrics.SetApplicationInfo(context.Key.Namespace, context.Key.Name, new ApplicationInfo(
            Git.RepoUrl.Redact(source.RepoURL),
            context.App.Spec.Destination?.Namespace ?? "",
            status.Sync?.Status ?? "Unknown",
            status.Health?.Status ?? "Unknown",
            context.Automated));
        _metrics.SetConditions(context.Key.Namespace, context.Key.Name, (status.Conditions ?? []).Select(c => (c.Type, c.Status)).ToList());
    }
}
