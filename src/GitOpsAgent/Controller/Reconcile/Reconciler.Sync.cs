using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Scheduling;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Core.Sync.Operations;

namespace GitOpsAgent.Controller.Reconcile;

/// <remarks>
/// A sync is a small state machine across reconciles (<see cref="SyncOperation"/>): each reconcile applies what is due
/// in the current phase and wave, records how far it got in status.operationState, and ends waiting while a wave
/// becomes healthy or hooks run; watch events of the managed objects and hooks bring the next reconcile. A new
/// revision (or spec) while a sync is part way terminates it and starts a sync of the new one from its first stage:
/// stages already in sync and healthy pass at once, and a fix pushed for a stuck wave rolls out without waiting for
/// the stuck one's timeout. A sync that failed by a hook or a timeout is not retried at that revision and generation
/// until a sync request (Argo CD does the same: the same commit would fail the same way).
/// </remarks>
public sealed partial class Reconciler
{
    private static readonly TimeSpan DefaultWaveTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Continues a sync under way, or decides (purely) whether to start one; then runs its turns.</summary>
    private async Task<ReconcileOutcome?> SyncAsync(ReconcileContext context, CancellationToken ct)
    {
        if (await DependencyCycleAsync(context, ct) is { } cycle)
        {
            return cycle;
        }

        var previous = context.PreviousStatus.OperationState;
        if (context.Suspended)
        {
            // No writes; a sync under way stays where it is and goes on once resumed.
            return null;
        }

        if (previous is { Phase: OperationPhases.Running } && previous.Revision == context.Revision && ContinuesAtGeneration(context))
        {
            return await RunOperationAsync(context, Clone(previous), ct);
        }

        if (FailedHere(context, previous) && context.ManualSyncValue is null)
        {
            return ReconcileOutcome.Stall(previous!.Reason!, previous.Message ?? previous.Reason!);
        }

        var decision = DecideSync(context);
        if (decision.Verdict == SyncVerdict.SelfHealBackoff)
        {
            // Not a failure: health is still assessed, and the reconcile ends waiting.
            context.Deferred = ReconcileOutcome.Wait(ConditionReasons.SelfHealBackoff,
                $"another writer keeps changing managed objects ({OtherWriters(context)}); self-heal waits {decision.Wait.TotalSeconds:0}s before re-applying", decision.Wait);
            return null;
        }

        // A sync left part way (at another revision or spec) is finished by a new one, even when nothing differs now;
        // without automated sync (or a request) it just ends.
        var unfinished = previous is { Phase: OperationPhases.Running };
        if (!decision.ShouldSync && !(unfinished && decision.Verdict == SyncVerdict.InSync))
        {
            if (unfinished)
            {
                await TerminateAsync(context, previous!, "nothing syncs it now", ct);
                var ended = Clone(previous!);
                EndOperation(context, ended, OperationPhases.Error, $"terminated at {ReadProgress(previous!).Reached?.ToString() ?? "its start"}: {context.ShortRevision} at generation {context.Generation} superseded it");
                context.Operation = ended;
            }

            return null;
        }

        if (!await DependenciesReadyAsync(context, ct))
        {
            return null;
        }

        var plan = SyncPlanner.Plan(context.Identity, context.Desired, context.Diffs!, context.LiveTracked,
            new SyncPlanOptions(decision.Prune || PruneWanted(context), context.App.Spec.SyncPolicy?.Automated?.AllowEmpty == true, context.RenderSucceeded));
        if (plan.IsBlocked)
        {
            return ReconcileOutcome.Stall(ConditionReasons.PruneBlocked, string.Join("; ", plan.BlockedReasons));
        }

        if (decision.IsSelfHeal)
        {
            context.Memory.SelfHeals++;
            context.Memory.LastSelfHeal = _time.GetUtcNow();
        }

        if (unfinished)
        {
            await TerminateAsync(context, previous!, $"a sync of {context.ShortRevision} at generation {context.Generation} supersedes it", ct);
        }

        return await StartOperationAsync(context, plan, decision.ShouldSync ? decision.InitiatedBy : previous?.InitiatedBy ?? "auto", ct);
    }

    private Task TerminateAsync(ReconcileContext context, OperationState previous, string why, CancellationToken ct) =>
        _events.RecordAsync(context.AppObject, StatusEvent.Normal, "SyncTerminated",
            $"Sync of {previous.Revision} terminated at {ReadProgress(previous).Reached?.ToString() ?? "its start"}: {why}.", ct);

    private SyncDecision DecideSync(ReconcileContext context) => SyncDecision.Decide(new SyncInputs(
        OutOfSync: context.Diffs!.Any(d => !d.IsInSync),
        ManualRequest: context.ManualSyncValue,
        Automated: context.App.Spec.SyncPolicy?.Automated,
        Suspended: context.Suspended,
        NewRevision: context.PreviousStatus.LastAppliedRevision != context.Revision,
        TriggeredByWebhook: (context.Triggers & ReconcileTriggers.Webhook) != 0,
        SelfHeals: context.Memory.SelfHeals,
        LastSelfHeal: context.Memory.LastSelfHeal,
        Now: _time.GetUtcNow(),
        SelfHealBackoff: new Backoff(_options.SelfHealBackoff, 2, TimeSpan.FromMinutes(5))));

    /// <summary>A sync under way goes on while the spec it started with stands (status.observedGeneration is the generation it last saw).</summary>
    private static bool ContinuesAtGeneration(ReconcileContext context) => context.PreviousStatus.ObservedGeneration == context.Generation;

    /// <summary>The last sync of this revision and generation failed by a hook or a timeout: it would fail the same way again.</summary>
    private static bool FailedHere(ReconcileContext context, OperationState? previous) =>
        previous is { Phase: OperationPhases.Failed, Reason: ConditionReasons.HookFailed or ConditionReasons.WaveTimeout }
        && previous.Revision == context.Revision
        && ContinuesAtGeneration(context);

    /// <summary>Whether prunes are allowed: automated.prune, or a sync request asking for them.</summary>
    private static bool PruneWanted(ReconcileContext context) =>
        context.App.Spec.SyncPolicy?.Automated?.Prune == true
        || context.ManualSyncValue?.Contains("prune", StringComparison.OrdinalIgnoreCase) == true;

    private static TimeSpan WaveTimeout(ReconcileContext context) => GoDuration.Parse(context.App.Spec.SyncPolicy?.WaveTimeout, DefaultWaveTimeout);

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

    private static OperationState Clone(OperationState operation) =>
        System.Text.Json.JsonSerializer.Deserialize<OperationState>(System.Text.Json.JsonSerializer.SerializeToNode(operation, ApplicationSerializer.Options), ApplicationSerializer.Options)!;
}
