using System.Text.Json.Nodes;
using GitOpsAgent.Controller.Cache;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Scheduling;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Controller.Reconcile;

public sealed partial class Reconciler
{
    private const string CrdApiVersion = "apiextensions.k8s.io/v1";
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    /// <summary>Decides (purely) whether to sync; then dry-runs everything, applies what differs and prunes what left Git.</summary>
    private async Task<ReconcileOutcome?> SyncAsync(ReconcileContext context, CancellationToken ct)
    {
        var memory = context.Memory;
        var decision = SyncDecision.Decide(new SyncInputs(
            OutOfSync: context.Diffs!.Any(d => !d.IsInSync),
            ManualRequest: context.ManualSyncValue,
            Automated: context.App.Spec.SyncPolicy?.Automated,
            Suspended: context.Suspended,
            NewRevision: context.PreviousStatus.LastAppliedRevision != context.Revision,
            TriggeredByWebhook: (context.Triggers & ReconcileTriggers.Webhook) != 0,
            SelfHeals: memory.SelfHeals,
            LastSelfHeal: memory.LastSelfHeal,
            Now: _time.GetUtcNow(),
            SelfHealBackoff: new Backoff(_options.SelfHealBackoff, 2, TimeSpan.FromMinutes(5))));
        if (decision.Verdict == SyncVerdict.SelfHealBackoff)
        {
            // Not a failure: health is still assessed, and the reconcile ends waiting.
            context.Deferred = ReconcileOutcome.Wait(ConditionReasons.SelfHealBackoff,
                $"another writer keeps changing managed objects ({OtherWriters(context)}); self-heal waits {decision.Wait.TotalSeconds:0}s before re-applying", decision.Wait);
            return null;
        }

        if (!decision.ShouldSync)
        {
            return null;
        }

        var plan = SyncPlanner.Plan(context.Identity, context.Desired, context.Diffs!, context.LiveTracked,
            new SyncPlanOptions(decision.Prune, context.App.Spec.SyncPolicy?.Automated?.AllowEmpty == true, context.RenderSucceeded));
        if (plan.IsBlocked)
        {
            return ReconcileOutcome.Stall(ConditionReasons.PruneBlocked, string.Join("; ", plan.BlockedReasons));
        }

        if (decision.IsSelfHeal)
        {
            memory.SelfHeals++;
            memory.LastSelfHeal = _time.GetUtcNow();
        }

        return await ExecutePlanAsync(context, plan, decision.InitiatedBy, ct);
    }

    private async Task<ReconcileOutcome?> ExecutePlanAsync(ReconcileContext context, SyncPlan plan, string initiatedBy, CancellationToken ct)
    {
        var toApply = plan.Steps.Count(s => s.Kind is SyncStepKind.Apply or SyncStepKind.Replace);
        var toPrune = plan.Steps.Where(s => s.Kind == SyncStepKind.Prune).Select(s => s.Key).ToList();
        var operation = new OperationState
        {
            Phase = OperationPhases.Running,
            Revision = context.Revision,
            InitiatedBy = initiatedBy,
            StartedAt = Conditions.FormatTime(_time.GetUtcNow()),
            Resources = [],
        };
        context.Operation = operation;
        Log.SyncStarted(_logger, context.Key, context.Revision ?? "", plan.Steps.Count);
        await _events.RecordAsync(context.AppObject, StatusEvent.Normal, "SyncStarted", $"Syncing {context.Revision}: {toApply} to apply, {toPrune.Count} to prune.", ct);

        var force = context.App.Spec.SyncPolicy?.Force ?? true;
        try
        {
            if (await DryRunAsync(context, plan, force, ct) is { } refused)
            {
                EndOperation(context, operation, OperationPhases.Failed, refused.Message);
                return refused;
            }

            await EnsureDestinationNamespaceAsync(context, force, ct);
            var lastProgress = _time.GetUtcNow();
            var done = 0;
            foreach (var step in plan.Steps)
            {
                await ExecuteStepAsync(context, step, force, ct);
                if (step.Kind is SyncStepKind.Apply or SyncStepKind.Replace && ++done < toApply && _time.GetUtcNow() - lastProgress >= ProgressInterval)
                {
                    lastProgress = _time.GetUtcNow();
                    operation.Message = $"applied {done} of {toApply} object(s)";
                    await ReportProgressAsync(context, $"syncing {context.ShortRevision}: {operation.Message}", ct);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The outcome comes from the classifier; the operation records where it stopped. Nothing later was applied or pruned.
            EndOperation(context, operation, OperationPhases.Error, ex.Message);
            throw;
        }

        if (toPrune.Count > 0)
        {
            _metrics.RecordPruned(context.Key.Namespace, context.Key.Name, toPrune.Count);
            var names = string.Join(", ", toPrune.Take(10)) + (toPrune.Count > 10 ? $" and {toPrune.Count - 10} more" : "");
            await _events.RecordAsync(context.AppObject, StatusEvent.Normal, "Pruned", $"Pruned {toPrune.Count} object(s) no longer in {context.ShortRevision}: {names}.", ct);
        }

        EndOperation(context, operation, OperationPhases.Succeeded, $"synced {toApply} object(s), pruned {toPrune.Count}, {plan.Unchanged} unchanged");
        await _events.RecordAsync(context.AppObject, StatusEvent.Normal, "SyncSucceeded", $"Synced {context.Revision}: {operation.Message}.", ct);
        context.Diffs = AfterSync(context.Diffs!, plan);
        return null;
    }

    private void EndOperation(ReconcileContext context, OperationState operation, string phase, string message)
    {
        operation.Phase = phase;
        operation.Message = message;
        operation.FinishedAt = Conditions.FormatTime(_time.GetUtcNow());
        _metrics.RecordSync(context.Key.Namespace, context.Key.Name, phase);
        if (phase == OperationPhases.Succeeded)
        {
            Log.SyncSucceeded(_logger, context.Key, context.Revision ?? "", message);
        }
        else
        {
            Log.SyncFailed(_logger, context.Key, context.Revision ?? "", phase, message);
        }
    }

    /// <summary>One step; any failure is rethrown naming the verb and object, after its result is recorded.</summary>
    private async Task ExecuteStepAsync(ReconcileContext context, SyncStep step, bool force, CancellationToken ct)
    {
        var stage = step.Kind == SyncStepKind.Prune ? ReconcileStage.Prune : ReconcileStage.Apply;
        context.Stage = stage;
        ApplyResult result;
        try
        {
            result = step.Kind switch
            {
                SyncStepKind.Apply => await ApplyAsync(context, step, force, ct),
                SyncStepKind.Replace => await ReplaceAsync(context, step, force, ct),
                SyncStepKind.Prune => await PruneAsync(context, step, ct),
                _ => ApplyResult.Skipped,
            };
        }
        catch (Exception ex) when (ex is KubernetesException or HttpRequestException or TimeoutException)
        {
            Record(context, step, ApplyResult.Failed, ex is KubernetesApiException api ? ReconcileFailures.Describe(api) : ex.Message);
            var verb = stage == ReconcileStage.Prune ? "pruning" : "applying";
            throw new ResourceOperationException(stage, $"{verb} {step.Key}", ex);
        }

        Record(context, step, result, step.Reason.Length > 0 ? step.Reason : null);
    }

    private void Record(ReconcileContext context, SyncStep step, ApplyResult result, string? message)
    {
        context.Operation!.Resources!.Add(new ResourceResult
        {
            Group = step.Key.Group,
            Version = (step.Desired ?? context.LiveTracked.FirstOrDefault(o => ResourceKey.Of(o) == step.Key))?.GetVersion() ?? "",
            Kind = step.Key.Kind,
            Namespace = NullIfEmpty(step.Key.Namespace),
            Name = step.Key.Name,
            Result = result.ToString(),
            Message = message,
        });
        _metrics.RecordApply(step.Key.Group, step.Key.Kind, result);
    }

    private async Task<ApplyResult> ApplyAsync(ReconcileContext context, SyncStep step, bool force, CancellationToken ct)
    {
        var before = context.Live.GetValueOrDefault(step.Key)?.GetStringAt("metadata", "resourceVersion");
        var applied = await context.Api.ApplyAsync(step.Desired!, new ApplyOptions(_options.FieldManager, force), ct);
        context.Live[step.Key] = WithTypeMeta(applied, step.Desired!);
        if (CustomResourceSchemas.IsCrd(step.Desired!))
        {
            await WaitEstablishedAsync(step.Key.Name, ct);
        }

        // The server writes nothing for an apply that changes nothing: then the diff's difference was not real.
        return before is null ? ApplyResult.Created
            : before == applied.GetStringAt("metadata", "resourceVersion") ? ApplyResult.Unchanged
            : ApplyResult.Configured;
    }

    /// <summary>Replace=true: delete, wait until it is gone (bounded), then create by applying.</summary>
    private async Task<ApplyResult> ReplaceAsync(ReconcileContext context, SyncStep step, bool force, CancellationToken ct)
    {
        var desired = step.Desired!;
        var ns = NullIfEmpty(step.Key.Namespace);
        await context.Api.DeleteAsync(desired.GetApiVersion(), desired.GetKind(), ns, step.Key.Name, new DeleteOptions("Background"), ct);
        var deadline = _time.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (await context.Api.GetAsync(desired.GetApiVersion(), desired.GetKind(), ns, step.Key.Name, ct) is not null)
        {
            if (_time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"{step.Key} was not gone 60s after its deletion for Replace=true");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), _time, ct);
        }

        var applied = await context.Api.ApplyAsync(desired, new ApplyOptions(_options.FieldManager, force), ct);
        context.Live[step.Key] = WithTypeMeta(applied, desired);
        return ApplyResult.Replaced;
    }

    /// <summary>Deletes an object we track, with its uid as precondition so a re-created namesake is never deleted.</summary>
    private static async Task<ApplyResult> PruneAsync(ReconcileContext context, SyncStep step, CancellationToken ct)
    {
        var live = context.LiveTracked.First(o => ResourceKey.Of(o) == step.Key);
        var uid = live.GetStringAt("metadata", "uid");
        await context.Api.DeleteAsync(live.GetApiVersion(), live.GetKind(), NullIfEmpty(step.Key.Namespace), step.Key.Name, new DeleteOptions("Foreground", PreconditionUid: uid), ct);
        return ApplyResult.Pruned;
    }

    /// <summary>
    /// Server-side dry run of every apply, so a sync the server would reject (invalid, forbidden) applies nothing at
    /// all. Returns the outcome when any is refused, naming each.
    /// </summary>
    private async Task<ReconcileOutcome?> DryRunAsync(ReconcileContext context, SyncPlan plan, bool force, CancellationToken ct)
    {
        context.Stage = ReconcileStage.DryRun;
        var definedHere = CustomResourceSchemas.KindsDefinedBy(context.Desired);
        var namespacesCreatedHere = plan.Steps.Where(s => s.Kind == SyncStepKind.Apply && s.Key is { Group: "", Kind: "Namespace" }).Select(s => s.Key.Name)
            .Append(context.App.Spec.SyncPolicy?.CreateNamespace == true ? context.App.Spec.Destination?.Namespace : null)
            .OfType<string>()
            .ToHashSet();
        var refused = new List<(SyncStep Step, KubernetesApiException Error)>();
        foreach (var step in plan.Steps.Where(s => s.Kind == SyncStepKind.Apply))
        {
            try
            {
                await context.Api.ApplyAsync(step.Desired!, new ApplyOptions(_options.FieldManager, force, DryRun: true), ct);
            }
            catch (KubernetesUnknownKindException) when (definedHere.Contains((step.Key.Group, step.Key.Kind)))
            {
                // Defined by a CRD of this same sync: it can only be validated once that CRD exists.
            }
            catch (KubernetesApiException ex) when (ex.StatusCode == 404 && (definedHere.Contains((step.Key.Group, step.Key.Kind)) || namespacesCreatedHere.Contains(step.Key.Namespace)))
            {
                // Its CRD or its namespace is created by this same sync, so the server cannot dry-run it yet.
            }
            catch (KubernetesApiException ex) when (ReconcileFailures.IsImmutableFieldError(ex))
            {
                // Reported by the real apply with the Replace=true hint.
            }
            catch (KubernetesApiException ex)
            {
                refused.Add((step, ex));
            }
            catch (Exception ex) when (ex is KubernetesException or HttpRequestException)
            {
                throw new ResourceOperationException(ReconcileStage.DryRun, $"dry run of {step.Key}", ex);
            }
        }

        if (refused.Count == 0)
        {
            return null;
        }

        var forbidden = refused.Any(r => r.Error.StatusCode is 401 or 403);
        var conflicts = !forbidden && refused.All(r => r.Error is KubernetesConflictException { FieldConflicts.Count: > 0 });
        var message = $"dry run {(forbidden ? "was forbidden" : "failed")}, nothing was applied: "
            + string.Join("; ", refused.Select(r => $"{r.Step.Key}: {ReconcileFailures.Describe(r.Error)}"))
            + (conflicts ? "; set syncPolicy.force, or leave the fields to one of the managers" : "");
        foreach (var (step, error) in refused)
        {
            Record(context, step, ApplyResult.Failed, ReconcileFailures.Describe(error));
        }

        var reason = forbidden ? ConditionReasons.Forbidden : conflicts ? ConditionReasons.FieldManagerConflict : ConditionReasons.DryRunFailed;
        return ReconcileOutcome.Retry(reason, message);
    }

    /// <summary>syncPolicy.createNamespace: the destination namespace, created but not tracked (pruning must never delete a namespace it did not render).</summary>
    private async Task EnsureDestinationNamespaceAsync(ReconcileContext context, bool force, CancellationToken ct)
    {
        var ns = context.App.Spec.Destination?.Namespace;
        if (context.App.Spec.SyncPolicy?.CreateNamespace != true || string.IsNullOrEmpty(ns)
            || context.Desired.Any(m => m.Key is { Group: "", Kind: "Namespace" } k && k.Name == ns))
        {
            return;
        }

        context.Stage = ReconcileStage.Apply;
        try
        {
            if (await context.Api.GetAsync("v1", "Namespace", null, ns, ct) is null)
            {
                await context.Api.ApplyAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }, new ApplyOptions(_options.FieldManager, force), ct);
            }
        }
        catch (Exception ex) when (ex is KubernetesException or HttpRequestException)
        {
            throw new ResourceOperationException(ReconcileStage.Apply, $"creating namespace {ns}", ex);
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

    /// <summary>After a sync, objects we applied are in sync by construction and pruned ones are gone.</summary>
    private static List<ResourceDiff> AfterSync(IReadOnlyList<ResourceDiff> diffs, SyncPlan plan)
    {
        var done = plan.Steps.Where(s => s.Kind is SyncStepKind.Apply or SyncStepKind.Replace or SyncStepKind.Prune).Select(s => s.Key).ToHashSet();
        return diffs
            .Where(d => !(d.Action == DiffAction.Prune && done.Contains(d.Key)))
            .Select(d => done.Contains(d.Key) ? d with { Action = DiffAction.InSync, Differences = [], UnifiedDiff = "" } : d)
            .ToList();
    }

    /// <summary>Field managers other than ours that touched the drifted objects: the likely other writer.</summary>
    private string OtherWriters(ReconcileContext context)
    {
        var managers = context.Diffs!.Where(d => d.Action == DiffAction.Modified)
            .SelectMany(d => context.Live.TryGetValue(d.Key, out var live) ? (live.GetArrayAt("metadata", "managedFields") ?? []).OfType<JsonObject>() : [])
            .Select(entry => entry.GetStringAt("manager"))
            .Where(m => !string.IsNullOrEmpty(m) && m != _options.FieldManager)
            .Distinct()
            .ToList();
        return managers.Count == 0 ? "unknown field manager" : "field managers: " + string.Join(", ", managers);
    }

    private static JsonObject WithTypeMeta(JsonObject obj, JsonObject desired)
    {
        obj["apiVersion"] ??= desired.GetApiVersion();
        obj["kind"] ??= desired.GetKind();
        return obj;
    }
}
