using System.Globalization;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Health;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Core.Sync.Operations;

namespace GitOpsAgent.Controller.Reconcile;

public sealed partial class Reconciler
{
    /// <summary>How soon a waiting sync looks again when no watch event comes first.</summary>
    private static readonly TimeSpan WaitingSyncPoll = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    /// <summary>More turns than stages can need in one reconcile: a guard, never the normal end.</summary>
    private const int MaxTurnsPerReconcile = 200;

    /// <summary>A new sync: announced, dry-run in full (nothing is written when the server would refuse any part), then its first turns.</summary>
    private async Task<ReconcileOutcome?> StartOperationAsync(ReconcileContext context, SyncPlan plan, string initiatedBy, CancellationToken ct)
    {
        var toApply = plan.Steps.Count(s => s.Kind is SyncStepKind.Apply or SyncStepKind.Replace);
        var toPrune = plan.Steps.Count(s => s.Kind == SyncStepKind.Prune);
        var operation = new OperationState
        {
            Phase = OperationPhases.Running,
            Revision = context.Revision,
            InitiatedBy = initiatedBy,
            StartedAt = Conditions.FormatTime(_time.GetUtcNow()),
            Resources = [],
        };
        context.Operation = operation;
        Log.SyncStarted(_logger, context.Key, context.Revision ?? "", plan.Steps.Count + context.Hooks.Count);
        var hooks = context.Hooks.Count == 0 ? "" : $", {context.Hooks.Count} hook(s)";
        try
        {
            return await DryRunAndRunAsync(context, plan, operation, ct);
        }
        finally
        {
            // A sync that ends in this reconcile is told by its SyncSucceeded Event alone (one Event request per sync,
            // not two); one that waits, fails or errs is announced, so `kubectl describe` shows it began.
            if (operation.Phase != OperationPhases.Succeeded && !ct.IsCancellationRequested)
            {
                await _events.RecordAsync(context.AppObject, StatusEvent.Normal, "SyncStarted", $"Syncing {context.Revision}: {toApply} to apply, {toPrune} to prune{hooks}.", ct);
            }
        }
    }

    private async Task<ReconcileOutcome?> DryRunAndRunAsync(ReconcileContext context, SyncPlan plan, OperationState operation, CancellationToken ct)
    {
        var force = context.App.Spec.SyncPolicy?.Force ?? true;
        try
        {
            var dryRun = plan.Steps.Concat(context.Hooks.Select(h => new SyncStep(SyncStepKind.CreateHook, h.Key, h.Object, ""))).ToList();
            if (await DryRunAsync(context, dryRun, force, ct) is { } refused)
            {
                EndOperation(context, operation, OperationPhases.Failed, refused.Message);
                return refused;
            }

            foreach (var hook in context.Hooks)
            {
                await EnsureNotOwnedElsewhereAsync(context, hook.Key, hook.Object, ct);
            }

            await EnsureDestinationNamespaceAsync(context, force, ct);
        }
        catch (HookOwnedElsewhereException ex)
        {
            EndOperation(context, operation, OperationPhases.Failed, ex.Message);
            return ReconcileOutcome.Stall(ConditionReasons.OwnedByAnotherApplication, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            EndOperation(context, operation, OperationPhases.Error, ex.Message);
            throw;
        }

        return await RunOperationAsync(context, operation, ct);
    }

    /// <summary>
    /// Takes turns of the sync (<see cref="SyncOperation.Next"/>) until it must wait or it ends; each turn's steps run
    /// first, then the progress is recorded. Whatever fails leaves the operation Error where it stopped (nothing
    /// later is applied or pruned) and becomes the outcome through the classifier.
    /// </summary>
    private async Task<ReconcileOutcome?> RunOperationAsync(ReconcileContext context, OperationState operation, CancellationToken ct)
    {
        context.Operation = operation;
        var force = context.App.Spec.SyncPolicy?.Force ?? true;
        var options = new SyncPlanOptions(PruneWanted(context), context.App.Spec.SyncPolicy?.Automated?.AllowEmpty == true, context.RenderSucceeded);
        var progress = ReadProgress(operation);
        var facts = new Dictionary<(string ApiVersion, string Kind), KindFacts>();
        try
        {
            for (var turns = 0; turns < MaxTurnsPerReconcile; turns++)
            {
                var plan = SyncPlanner.Plan(context.Identity, context.Desired, context.Diffs!, context.LiveTracked, options);
                if (plan.IsBlocked)
                {
                    EndOperation(context, operation, OperationPhases.Failed, string.Join("; ", plan.BlockedReasons));
                    return ReconcileOutcome.Stall(ConditionReasons.PruneBlocked, string.Join("; ", plan.BlockedReasons));
                }

                var now = _time.GetUtcNow();
                var turn = SyncOperation.Next(new SyncOperationInputs(
                    context.Desired, context.Hooks, plan, await ManagedHealthAsync(context, facts, ct), await LiveHooksAsync(context, facts, ct),
                    progress, now, WaveTimeout(context)));
                progress = progress.After(turn, now);
                WriteProgress(operation, progress);
                progress = await RunStepsAsync(context, turn, progress, force, ct);
                WriteProgress(operation, progress);
                switch (turn.Kind)
                {
                    case SyncTurnKind.Wait:
                        context.Deferred = ReconcileOutcome.Wait(turn.Reason, turn.Message, WaitingSyncPoll);
                        return null;
                    case SyncTurnKind.Succeeded:
                        await SucceedAsync(context, operation, ct);
                        return null;
                    case SyncTurnKind.Failed:
                        EndOperation(context, operation, OperationPhases.Failed, turn.Message);
                        operation.Reason = turn.Reason;
                        context.RequestServed = true;
                        return ReconcileOutcome.Stall(turn.Reason, turn.Message);
                }
            }

            context.Deferred = ReconcileOutcome.Wait(ConditionReasons.Syncing, $"syncing {context.ShortRevision}: {operation.Message}", WaitingSyncPoll);
            return null;
        }
        catch (HookOwnedElsewhereException ex)
        {
            EndOperation(context, operation, OperationPhases.Failed, ex.Message);
            return ReconcileOutcome.Stall(ConditionReasons.OwnedByAnotherApplication, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The outcome comes from the classifier; the operation records where it stopped. Nothing later was applied or pruned.
            EndOperation(context, operation, OperationPhases.Error, ex.Message);
            throw;
        }
    }

    /// <summary>Runs a turn's steps in order; what they did is reflected in the diffs, the tracked objects and the hook records.</summary>
    private async Task<SyncProgress> RunStepsAsync(ReconcileContext context, SyncTurn turn, SyncProgress progress, bool force, CancellationToken ct)
    {
        var toApply = turn.Steps.Count(s => s.Kind is SyncStepKind.Apply or SyncStepKind.Replace);
        var lastProgress = _time.GetUtcNow();
        var done = 0;
        var pruned = new List<ResourceKey>();
        foreach (var step in turn.Steps)
        {
            await ExecuteStepAsync(context, step, force, ct);
            switch (step.Kind)
            {
                case SyncStepKind.CreateHook:
                    progress = progress.WithHook(new HookRecord(step.Key, step.Stage!.Value, HookStatus.Running, "",
                        context.LiveHooks.GetValueOrDefault(step.Key)?.GetStringAt("metadata", "uid")));
                    break;
                case SyncStepKind.Prune:
                    pruned.Add(step.Key);
                    break;
                case SyncStepKind.Apply or SyncStepKind.Replace when ++done < toApply && _time.GetUtcNow() - lastProgress >= ProgressInterval:
                    lastProgress = _time.GetUtcNow();
                    context.Operation!.Message = $"applied {done} of {toApply} object(s) of {turn.Stage}";
                    await ReportProgressAsync(context, $"syncing {context.ShortRevision}: {context.Operation.Message}", ct);
                    break;
            }
        }

        context.Diffs = AfterSteps(context.Diffs!, turn.Steps);
        if (pruned.Count > 0)
        {
            var gone = pruned.ToHashSet();
            context.LiveTracked = context.LiveTracked.Where(o => !gone.Contains(ResourceKey.Of(o))).ToList();
            _metrics.RecordPruned(context.Key.Namespace, context.Key.Name, pruned.Count);
            var names = string.Join(", ", pruned.Take(10)) + (pruned.Count > 10 ? $" and {pruned.Count - 10} more" : "");
            await _events.RecordAsync(context.AppObject, StatusEvent.Normal, "Pruned", $"Pruned {pruned.Count} object(s) no longer in {context.ShortRevision}: {names}.", ct);
        }

        return progress;
    }

    private async Task SucceedAsync(ReconcileContext context, OperationState operation, CancellationToken ct)
    {
        var results = operation.Resources ?? [];
        var applied = results.Where(r => r.HookStatus is null && r.Result is nameof(ApplyResult.Created) or nameof(ApplyResult.Configured) or nameof(ApplyResult.Unchanged) or nameof(ApplyResult.Replaced))
            .Select(r => (r.Group, r.Kind, r.Namespace, r.Name)).Distinct().Count();
        var prunedCount = results.Count(r => r.Result == nameof(ApplyResult.Pruned));
        var hooks = results.Count(r => r.HookStatus is not null);
        var summary = $"synced {applied} object(s), pruned {prunedCount}, {Math.Max(0, context.Desired.Count - applied)} unchanged"
            + (hooks == 0 ? "" : $", {hooks} hook(s) completed");
        EndOperation(context, operation, OperationPhases.Succeeded, summary);
        await _events.RecordAsync(context.AppObject, StatusEvent.Normal, "SyncSucceeded", $"Synced {context.Revision}: {summary}.", ct);
    }

    /// <summary>Health of each managed object as the cluster (or the last apply) has it; the gate between waves.</summary>
    private async Task<Dictionary<ResourceKey, HealthResult>> ManagedHealthAsync(ReconcileContext context, Dictionary<(string, string), KindFacts> facts, CancellationToken ct)
    {
        var health = new Dictionary<ResourceKey, HealthResult>();
        foreach (var manifest in context.Desired)
        {
            if (context.Live.TryGetValue(manifest.Key, out var live))
            {
                health[manifest.Key] = await AssessAsync(context, live, facts, ct);
            }
        }

        return health;
    }

    private async Task<Dictionary<ResourceKey, LiveHook>> LiveHooksAsync(ReconcileContext context, Dictionary<(string, string), KindFacts> facts, CancellationToken ct)
    {
        var hooks = new Dictionary<ResourceKey, LiveHook>();
        foreach (var (key, live) in context.LiveHooks)
        {
            hooks[key] = new LiveHook(live.GetStringAt("metadata", "uid"), await AssessAsync(context, live, facts, ct));
        }

        return hooks;
    }

    /// <summary>An object's health; a kind an override ignores counts as Healthy here (it never holds a wave back).</summary>
    private async Task<HealthResult> AssessAsync(ReconcileContext context, System.Text.Json.Nodes.JsonObject live, Dictionary<(string, string), KindFacts> facts, CancellationToken ct)
    {
        var kind = (live.GetApiVersion(), live.GetKind());
        if (!facts.TryGetValue(kind, out var found))
        {
            found = await KindFactsAsync(context.Destination.Api, kind.Item1, kind.Item2, ct);
            facts[kind] = found;
        }

        return HealthAssessor.Assess(live, HealthOverrides, found) ?? HealthResult.Healthy("health ignored by an override");
    }

    /// <summary>Objects the steps applied are in sync by construction, and pruned ones are gone.</summary>
    private static List<ResourceDiff> AfterSteps(IReadOnlyList<ResourceDiff> diffs, IReadOnlyList<SyncStep> steps)
    {
        var done = steps.Where(s => s.Kind is SyncStepKind.Apply or SyncStepKind.Replace or SyncStepKind.Prune).Select(s => s.Key).ToHashSet();
        return diffs
            .Where(d => !(d.Action == DiffAction.Prune && done.Contains(d.Key)))
            .Select(d => done.Contains(d.Key) ? d with { Action = DiffAction.InSync, Differences = [], UnifiedDiff = "" } : d)
            .ToList();
    }

    /// <summary>The progress status.operationState recorded: the stage reached, since when, the failure, and the hooks created.</summary>
    private static SyncProgress ReadProgress(OperationState operation)
    {
        SyncStage? reached = Enum.TryParse<SyncPhase>(operation.SyncPhase, out var phase) && operation.SyncWave is { } wave ? new SyncStage(phase, wave) : null;
        DateTimeOffset? since = DateTimeOffset.TryParse(operation.WaveStartedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
        var failure = operation.Reason is { } reason ? new SyncFailure(reason, operation.Message ?? reason) : null;
        var hooks = (operation.Resources ?? [])
            .Where(r => r.HookStatus is not null && Enum.TryParse<SyncPhase>(r.SyncPhase, out _))
            .Select(r => new HookRecord(
                new ResourceKey(r.Group, r.Kind, r.Namespace ?? "", r.Name),
                new SyncStage(Enum.Parse<SyncPhase>(r.SyncPhase!), r.SyncWave ?? 0),
                Enum.TryParse<HookStatus>(r.HookStatus, out var status) ? status : HookStatus.Running,
                r.Message ?? "",
                r.Uid))
            .ToList();
        return new SyncProgress(reached, since, failure, hooks);
    }

    private static void WriteProgress(OperationState operation, SyncProgress progress)
    {
        operation.SyncPhase = progress.Reached?.Phase.ToString();
        operation.SyncWave = progress.Reached?.Wave;
        operation.WaveStartedAt = progress.StageStartedAt is { } since ? Conditions.FormatTime(since) : null;
        if (progress.Failure is { } failure)
        {
            operation.Reason = failure.Reason;
            operation.Message = failure.Message;
        }

        foreach (var hook in progress.Hooks)
        {
            var entry = (operation.Resources ?? []).LastOrDefault(r => r.HookStatus is not null
                && r.Group == hook.Key.Group && r.Kind == hook.Key.Kind && (r.Namespace ?? "") == hook.Key.Namespace && r.Name == hook.Key.Name);
            if (entry is not null)
            {
                entry.HookStatus = hook.Status.ToString();
                entry.Message = hook.Message.Length > 0 ? hook.Message : entry.Message;
            }
        }
    }
}
