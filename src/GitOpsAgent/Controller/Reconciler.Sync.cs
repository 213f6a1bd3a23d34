using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Controller;

public sealed partial class Reconciler
{
    private const string CrdApiVersion = "apiextensions.k8s.io/v1";

    /// <summary>Sync when automated (a new revision, or drift with selfHeal) or asked by annotation: dry-run all, apply what differs, prune.</summary>
    private async Task<ReconcileResult?> SyncAsync(ReconcileContext context, AppMemory memory, CancellationToken ct)
    {
        var outOfSync = context.Diffs.Any(d => d.Action != DiffAction.InSync);
        var manual = context.ManualSyncValue is not null;
        if (!outOfSync && !manual)
        {
            return null;
        }

        if (context.Suspended)
        {
            // Status still shows the drift; nothing is written to the cluster.
            return null;
        }

        var automated = context.App.Spec.SyncPolicy?.Automated;
        var lastSynced = context.PreviousStatus.OperationState is { Phase: "Succeeded" } op ? op.Revision : null;
        var newRevision = lastSynced != context.Revision;
        var selfHeal = automated?.SelfHeal == true && !newRevision;
        if (!manual && (automated is null || (!newRevision && !selfHeal)))
        {
            return null;
        }

        if (selfHeal && !manual && SelfHealBackoffRemaining(memory) is { } wait)
        {
            var writers = OtherWriters(context);
            SetCondition(context, ConditionTypes.Reconciling, true, ConditionReasons.SelfHealBackoff,
                $"another writer keeps changing managed objects ({writers}); self-heal waits {wait.TotalSeconds:0}s before re-applying");
            return new ReconcileResult(wait);
        }

        context.InitiatedBy = manual ? "manual" : (context.Triggers & ReconcileTriggers.Webhook) != 0 ? "webhook" : "auto";
        var prune = manual ? context.ManualSyncValue!.Contains("prune", StringComparison.OrdinalIgnoreCase) || automated?.Prune == true : automated!.Prune == true;
        var plan = SyncPlanner.Plan(
            context.Identity,
            context.Desired,
            context.Diffs,
            context.LiveTracked,
            new SyncPlanOptions(prune, automated?.AllowEmpty == true, context.RenderSucceeded));
        if (plan.BlockedReasons.Count > 0)
        {
            var message = string.Join("; ", plan.BlockedReasons);
            SetCondition(context, ConditionTypes.Ready, false, ConditionReasons.PruneBlocked, message);
            SetCondition(context, ConditionTypes.Stalled, true, ConditionReasons.PruneBlocked, message);
            await _events.WarningAsync(context.AppObject, "SyncBlocked", $"Sync of {ShortSha(context.Revision)} blocked: {message}", ct);
            return Stalled(context);
        }

        if (selfHeal)
        {
            memory.SelfHeals++;
            memory.LastSelfHeal = _time.GetUtcNow();
        }

        return await ExecutePlanAsync(context, memory, plan, ct);
    }

    private async Task<ReconcileResult?> ExecutePlanAsync(ReconcileContext context, AppMemory memory, SyncPlan plan, CancellationToken ct)
    {
        var operation = new OperationState
        {
            Phase = "Running",
            Revision = context.Revision,
            InitiatedBy = context.InitiatedBy,
            StartedAt = Conditions.FormatTime(_time.GetUtcNow()),
            Resources = [],
        };
        context.Status.OperationState = operation;
        Log.SyncStarted(_logger, context.Key, context.Revision ?? "", plan.Steps.Count);
        await _events.NormalAsync(context.AppObject, "SyncStarted", $"Syncing {context.Revision} ({plan.Steps.Count(s => s.Kind is SyncStepKind.Apply or SyncStepKind.Replace)} to apply, {plan.Steps.Count(s => s.Kind == SyncStepKind.Prune)} to prune)", ct);

        var force = context.App.Spec.SyncPolicy?.Force ?? true;
        if (await EnsureDestinationNamespaceAsync(context, force, ct) is { } namespaceError)
        {
            return await FailSyncAsync(context, memory, operation, ConditionReasons.ApplyFailed, namespaceError, ct);
        }

        var definedHere = CustomResourceSchemas.KindsDefinedBy(context.Desired);
        var namespacesCreatedHere = plan.Steps.Where(s => s.Kind == SyncStepKind.Apply && s.Key is { Group: "", Kind: "Namespace" }).Select(s => s.Key.Name).ToHashSet();
        var dryRunErrors = await DryRunAsync(plan, definedHere, namespacesCreatedHere, force, ct);
        if (dryRunErrors.Count > 0)
        {
            return await FailSyncAsync(context, memory, operation, ConditionReasons.DryRunFailed,
                "dry run failed, nothing was applied: " + string.Join("; ", dryRunErrors), ct);
        }

        foreach (var step in plan.Steps)
        {
            var (result, error, reason) = await ExecuteStepAsync(context, step, force, ct);
            operation.Resources!.Add(new ResourceResult
            {
                Group = step.Key.Group,
                Version = (step.Desired ?? context.LiveTracked.FirstOrDefault(o => ResourceKey.Of(o) == step.Key))?.GetVersion() ?? "",
                Kind = step.Key.Kind,
                Namespace = NullIfEmpty(step.Key.Namespace),
                Name = step.Key.Name,
                Result = result,
                Message = error ?? (step.Reason.Length > 0 ? step.Reason : null),
            });
            _metrics.RecordApply(step.Key.Group, step.Key.Kind, result.ToLowerInvariant());
            if (error is not null)
            {
                // Stop at the first failure: later objects may depend on this one, and nothing is pruned.
                return await FailSyncAsync(context, memory, operation, reason ?? ConditionReasons.ApplyFailed, $"{step.Key}: {error}", ct);
            }
        }

        var pruned = plan.Steps.Count(s => s.Kind == SyncStepKind.Prune);
        if (pruned > 0)
        {
            _metrics.RecordPruned(context.Key.Namespace, context.Key.Name, pruned);
            await _events.NormalAsync(context.AppObject, "Pruned", $"Pruned {pruned} object(s) no longer in {ShortSha(context.Revision)}", ct);
        }

        operation.Phase = "Succeeded";
        operation.Message = $"synced {plan.Steps.Count(s => s.Kind is SyncStepKind.Apply or SyncStepKind.Replace)} object(s), pruned {pruned}, {plan.Unchanged} unchanged";
        operation.FinishedAt = Conditions.FormatTime(_time.GetUtcNow());
        context.Status.History = History.Append(context.PreviousStatus.History, context.Revision!, _time.GetUtcNow(), context.InitiatedBy!);
        _metrics.RecordSync(context.Key.Namespace, context.Key.Name, "Succeeded");
        Log.SyncSucceeded(_logger, context.Key, context.Revision ?? "", operation.Message);
        await _events.NormalAsync(context.AppObject, "SyncSucceeded", $"Synced {context.Revision}: {operation.Message}", ct);
        memory.Backoff = 0;

        // Re-diff against what the server returned so status reflects the result of this sync.
        RefreshDiffsAfterSync(context, plan);
        return null;
    }

    private async Task<(string Result, string? Error, string? Reason)> ExecuteStepAsync(ReconcileContext context, SyncStep step, bool force, CancellationToken ct)
    {
        try
        {
            switch (step.Kind)
            {
                case SyncStepKind.Apply:
                    var wasCreate = !context.Live.ContainsKey(step.Key);
                    var applied = await _kube.ApplyAsync(step.Desired!, new ApplyOptions(_options.FieldManager, force), ct);
                    context.Live[step.Key] = WithTypeMeta(applied, step.Desired!);
                    if (CustomResourceSchemas.IsCrd(step.Desired!))
                    {
                        await WaitEstablishedAsync(step.Key.Name, ct);
                    }

                    return (wasCreate ? "Created" : "Configured", null, null);
                case SyncStepKind.Replace:
                    await ReplaceAsync(context, step, force, ct);
                    return ("Replaced", null, null);
                case SyncStepKind.Prune:
                    var live = context.LiveTracked.First(o => ResourceKey.Of(o) == step.Key);
                    var uid = live.GetStringAt("metadata", "uid");
                    await _kube.DeleteAsync(live.GetApiVersion(), live.GetKind(), NullIfEmpty(step.Key.Namespace), step.Key.Name, new DeleteOptions("Foreground", PreconditionUid: uid), ct);
                    return ("Pruned", null, null);
                default:
                    return ("PruneSkipped", null, null);
            }
        }
        catch (KubernetesApiException ex) when (IsImmutableFieldError(ex))
        {
            return ("Failed", $"{ex.Message} (a field that cannot change was changed; annotate the object with gitopsagent.io/sync-options: Replace=true to delete and recreate it)", ConditionReasons.ImmutableFieldChanged);
        }
        catch (KubernetesApiException ex)
        {
            return ("Failed", DescribeApiError(ex), ex.StatusCode == 409 ? ConditionReasons.FieldManagerConflict : ConditionReasons.ApplyFailed);
        }
        catch (Exception ex) when (ex is TimeoutException or KubernetesException)
        {
            return ("Failed", ex.Message, ConditionReasons.ApplyFailed);
        }
    }

    /// <summary>Replace=true: delete, wait until it is gone (bounded), then create by applying.</summary>
    private async Task ReplaceAsync(ReconcileContext context, SyncStep step, bool force, CancellationToken ct)
    {
        var desired = step.Desired!;
        var ns = NullIfEmpty(step.Key.Namespace);
        await _kube.DeleteAsync(desired.GetApiVersion(), desired.GetKind(), ns, step.Key.Name, new DeleteOptions("Background"), ct);
        var deadline = _time.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (await _kube.GetAsync(desired.GetApiVersion(), desired.GetKind(), ns, step.Key.Name, ct) is not null)
        {
            if (_time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"{step.Key} was not gone 60s after its deletion for Replace=true");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), _time, ct);
        }

        var applied = await _kube.ApplyAsync(desired, new ApplyOptions(_options.FieldManager, force), ct);
        context.Live[step.Key] = WithTypeMeta(applied, desired);
    }

    private async Task<List<string>> DryRunAsync(SyncPlan plan, HashSet<(string Group, string Kind)> definedHere, HashSet<string> namespacesCreatedHere, bool force, CancellationToken ct)
    {
        var errors = new List<string>();
        foreach (var step in plan.Steps.Where(s => s.Kind == SyncStepKind.Apply))
        {
            try
            {
                await _kube.ApplyAsync(step.Desired!, new ApplyOptions(_options.FieldManager, force, DryRun: true), ct);
            }
            catch (KubernetesUnknownKindException) when (definedHere.Contains((step.Key.Group, step.Key.Kind)))
            {
                // Defined by a CRD of this same sync: it can only be validated once that CRD exists.
            }
            catch (KubernetesApiException ex) when (ex.StatusCode == 404 && (definedHere.Contains((step.Key.Group, step.Key.Kind)) || namespacesCreatedHere.Contains(step.Key.Namespace)))
            {
                // Its CRD or its namespace is created by this same sync, so the server cannot dry-run it yet.
            }
            catch (KubernetesApiException ex) when (IsImmutableFieldError(ex))
            {
                // Reported by the real apply with the Replace=true hint.
            }
            catch (KubernetesApiException ex)
            {
                errors.Add($"{step.Key}: {DescribeApiError(ex)}");
            }
        }

        return errors;
    }

    private async Task<string?> EnsureDestinationNamespaceAsync(ReconcileContext context, bool force, CancellationToken ct)
    {
        var ns = context.App.Spec.Destination?.Namespace;
        if (context.App.Spec.SyncPolicy?.CreateNamespace != true || string.IsNullOrEmpty(ns)
            || context.Desired.Any(m => m.Key is { Group: "", Kind: "Namespace" } k && k.Name == ns))
        {
            return null;
        }

        try
        {
            if (await _kube.GetAsync("v1", "Namespace", null, ns, ct) is null)
            {
                // Created for the Application but not tracked: pruning must never delete a whole namespace it did not render.
                await _kube.ApplyAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }, new ApplyOptions(_options.FieldManager, force), ct);
            }

            return null;
        }
        catch (KubernetesApiException ex)
        {
            return $"creating namespace {ns}: {DescribeApiError(ex)}";
        }
    }

    private async Task WaitEstablishedAsync(string crdName, CancellationToken ct)
    {
        var deadline = _time.GetUtcNow() + _options.CrdEstablishTimeout;
        while (true)
        {
            var crd = await _kube.GetAsync(CrdApiVersion, "CustomResourceDefinition", null, crdName, ct);
            var established = (crd?.GetArrayAt("status", "conditions") ?? []).OfType<JsonObject>()
                .Any(c => c.GetStringAt("type") == "Established" && c.GetStringAt("status") == "True");
            if (established)
            {
                _kube.InvalidateDiscovery();
                return;
            }

            if (_time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"CustomResourceDefinition {crdName} was not Established within {_options.CrdEstablishTimeout.TotalSeconds:0}s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), _time, ct);
        }
    }

    private async Task<ReconcileResult> FailSyncAsync(ReconcileContext context, AppMemory memory, OperationState operation, string reason, string message, CancellationToken ct)
    {
        operation.Phase = reason == ConditionReasons.DryRunFailed ? "Failed" : "Error";
        operation.Message = message;
        operation.FinishedAt = Conditions.FormatTime(_time.GetUtcNow());
        _metrics.RecordSync(context.Key.Namespace, context.Key.Name, operation.Phase == "Failed" ? "Failed" : "Error");
        Log.SyncFailed(_logger, context.Key, context.Revision ?? "", reason, message);
        SetCondition(context, ConditionTypes.Ready, false, reason, message);
        SetCondition(context, ConditionTypes.Reconciling, true, reason, "retrying the sync with backoff");
        SetCondition(context, ConditionTypes.Synced, false, reason, message);
        context.Status.Sync = new SyncStatusInfo { Status = "OutOfSync", Revision = context.Revision };
        context.Status.ObservedGeneration = context.Generation;
        await _events.WarningAsync(context.AppObject, "SyncFailed", $"Sync of {context.Revision} failed: {message}", ct);

        var limit = context.App.Spec.SyncPolicy?.Retry?.Limit;
        if (limit is { } max && memory.Backoff >= max)
        {
            SetCondition(context, ConditionTypes.Stalled, true, reason, $"gave up after {max} retries: {message}");
            return Stalled(context);
        }

        return RetryLater(context, memory);
    }

    /// <summary>After a sync, objects we applied are in sync by construction and pruned ones are gone.</summary>
    private static void RefreshDiffsAfterSync(ReconcileContext context, SyncPlan plan)
    {
        var done = plan.Steps.Where(s => s.Kind is SyncStepKind.Apply or SyncStepKind.Replace or SyncStepKind.Prune).Select(s => s.Key).ToHashSet();
        context.Diffs = context.Diffs
            .Where(d => !(d.Action == DiffAction.Prune && done.Contains(d.Key)))
            .Select(d => done.Contains(d.Key) ? d with { Action = DiffAction.InSync, Differences = [], UnifiedDiff = "" } : d)
            .ToList();
    }

    private TimeSpan? SelfHealBackoffRemaining(AppMemory memory)
    {
        if (memory.SelfHeals == 0)
        {
            return null;
        }

        var wait = TimeSpan.FromSeconds(Math.Min(_options.SelfHealBackoff.TotalSeconds * Math.Pow(2, memory.SelfHeals - 1), 300));
        var remaining = memory.LastSelfHeal + wait - _time.GetUtcNow();
        return remaining > TimeSpan.Zero ? remaining : null;
    }

    /// <summary>Field managers other than ours that touched the drifted objects: the likely other writer.</summary>
    private string OtherWriters(ReconcileContext context)
    {
        var managers = context.Diffs.Where(d => d.Action == DiffAction.Modified)
            .SelectMany(d => context.Live.TryGetValue(d.Key, out var live) ? (live.GetArrayAt("metadata", "managedFields") ?? []).OfType<JsonObject>() : [])
            .Select(entry => entry.GetStringAt("manager"))
            .Where(m => !string.IsNullOrEmpty(m) && m != _options.FieldManager)
            .Distinct()
            .ToList();
        return managers.Count == 0 ? "unknown field manager" : "field managers: " + string.Join(", ", managers);
    }

    private static bool IsImmutableFieldError(KubernetesApiException ex) =>
        ex.StatusCode == 422 && (ex.Message.Contains("immutable", StringComparison.OrdinalIgnoreCase)
            || ex.Causes.Any(c => c.Message?.Contains("immutable", StringComparison.OrdinalIgnoreCase) == true));

    private static string DescribeApiError(KubernetesApiException ex)
    {
        var causes = ex.Causes.Where(c => !string.IsNullOrEmpty(c.Message)).Select(c => string.IsNullOrEmpty(c.Field) ? c.Message : $"{c.Field}: {c.Message}").ToList();
        return causes.Count == 0 ? ex.Message : $"{ex.Message} ({string.Join("; ", causes)})";
    }

    private static JsonObject WithTypeMeta(JsonObject obj, JsonObject desired)
    {
        obj["apiVersion"] ??= desired.GetApiVersion();
        obj["kind"] ??= desired.GetKind();
        return obj;
    }
}
