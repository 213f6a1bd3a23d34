using System.Globalization;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Health;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;

namespace GitOpsAgent.Core.Sync.Operations;

/// <summary>What a sync knows when it decides its next turn.</summary>
/// <param name="Desired">The managed objects (no hooks), in apply order.</param>
/// <param name="Plan">The applies and prunes still to do (from <see cref="SyncPlanner"/> on the current diffs).</param>
/// <param name="Health">The health of every managed object in the cluster; an absent one is Missing.</param>
/// <param name="LiveHooks">The hooks in the cluster now, by key.</param>
public sealed record SyncOperationInputs(
    IReadOnlyList<Manifest> Desired,
    IReadOnlyList<Manifest> Hooks,
    SyncPlan Plan,
    IReadOnlyDictionary<ResourceKey, HealthResult> Health,
    IReadOnlyDictionary<ResourceKey, LiveHook> LiveHooks,
    SyncProgress Progress,
    DateTimeOffset Now,
    TimeSpan WaveTimeout);

/// <summary>
/// A sync as a small state machine over reconciles (Argo CD's phases and waves): a chart's CRDs, then PreSync hooks,
/// the waves of the Sync phase (prunes end it), then PostSync hooks; SyncFail hooks when a hook failed or a stage
/// outlived the wave timeout. Each turn applies what is due in the current stage; a stage is done when its hooks
/// completed and, before a later stage starts, its objects are Healthy (or Suspended, a state Git asked for). Pure:
/// the caller runs the steps, records the progress in status.operationState and asks again, now or on a later
/// reconcile. Health gates only what follows, so a plain Application (one wave, no hooks) syncs in one turn as before.
/// </summary>
public static class SyncOperation
{
    private const int MaxNamed = StatusCalculator.MaxNamedInMessage;

    public static SyncTurn Next(SyncOperationInputs inputs)
    {
        var records = inputs.Progress.Hooks.ToDictionary(h => h.Key);
        var updates = new List<HookRecord>();
        foreach (var record in inputs.Progress.Hooks)
        {
            var observed = record.Observe(inputs.LiveHooks.GetValueOrDefault(record.Key));
            if (observed != record)
            {
                records[record.Key] = observed;
                updates.Add(observed);
            }
        }

        var turn = inputs.Progress.Failure is { } failure
            ? Failing(inputs, failure, records)
            : Forward(inputs, records);
        return turn with { HookUpdates = updates };
    }

    private static SyncTurn Forward(SyncOperationInputs inputs, Dictionary<ResourceKey, HookRecord> records)
    {
        var prunes = inputs.Plan.Steps.Where(s => s.Kind is SyncStepKind.Prune or SyncStepKind.PruneSkipped).ToList();
        var stages = inputs.Desired.Select(SyncStage.Of)
            .Concat(inputs.Hooks.Select(SyncStage.Of).Where(s => s.Phase != SyncPhase.SyncFail))
            .ToHashSet();
        if (!stages.Any(s => s.Phase <= SyncPhase.Sync))
        {
            // Nothing but prunes (or PostSync hooks): the prunes still end a Sync phase.
            stages.Add(new SyncStage(SyncPhase.Sync, 0));
        }

        var ordered = stages.Order().ToList();
        var pruneStage = ordered.Last(s => s.Phase <= SyncPhase.Sync);
        var reached = inputs.Progress.Reached;
        var carried = new List<SyncStep>();
        foreach (var (stage, index) in ordered.Select((s, i) => (s, i)))
        {
            if (reached is { } r && stage < r)
            {
                continue;
            }

            var entering = reached != stage;
            var steps = inputs.Plan.Steps.Where(s => s.Stage == stage && s.Kind is SyncStepKind.Apply or SyncStepKind.Replace).ToList();
            if (stage == pruneStage && (entering || steps.Count > 0 || prunes.Any(p => p.Kind == SyncStepKind.Prune)))
            {
                steps.AddRange(prunes);
            }

            steps.AddRange(CreateHooks(inputs, stage, records));
            if (steps.Any(s => s.Kind is not SyncStepKind.PruneSkipped))
            {
                return new SyncTurn(SyncTurnKind.Continue, stage, [.. carried, .. steps]);
            }

            carried.AddRange(steps);
            carried.AddRange(DeleteFinishedHooks(inputs, stage, records));
            if (HookOutcome(inputs, stage, records) is { } hookTurn)
            {
                return hookTurn with { Steps = carried };
            }

            if (index == ordered.Count - 1)
            {
                return new SyncTurn(SyncTurnKind.Succeeded, stage, carried);
            }

            var waiting = inputs.Desired.Where(m => SyncStage.Of(m) == stage)
                .Select(m => (m.Key, Health: inputs.Health.GetValueOrDefault(m.Key) ?? HealthResult.Missing("not found in the cluster")))
                .Where(h => h.Health.Status is not (HealthStatus.Healthy or HealthStatus.Suspended))
                .ToList();
            if (waiting.Count > 0)
            {
                var names = Names(waiting.Select(w => $"{w.Key} ({Describe(w.Health)})").ToList());
                if (TimedOut(inputs, stage))
                {
                    return Fail(stage, carried, ConditionReasons.WaveTimeout,
                        $"{Capitalized(stage)} did not become healthy within {GoDuration.Format(inputs.WaveTimeout)}: {names}; {ordered[index + 1]} was not started");
                }

                return new SyncTurn(SyncTurnKind.Wait, stage, carried)
                {
                    Reason = ConditionReasons.WaitingForWave,
                    Message = $"{stage} of {Stages(ordered)}: waiting for {names} to be Healthy before {ordered[index + 1]}",
                };
            }
        }

        return new SyncTurn(SyncTurnKind.Succeeded, ordered[^1], carried);
    }

    /// <summary>The sync failed: SyncFail hooks run (each stage in turn, awaited like any hook), then the sync ends Failed.</summary>
    private static SyncTurn Failing(SyncOperationInputs inputs, SyncFailure failure, Dictionary<ResourceKey, HookRecord> records)
    {
        var stages = inputs.Hooks.Select(SyncStage.Of).Where(s => s.Phase == SyncPhase.SyncFail).Distinct().Order().ToList();
        var reached = inputs.Progress.Reached is { Phase: SyncPhase.SyncFail } r ? r : (SyncStage?)null;
        var carried = new List<SyncStep>();
        foreach (var stage in stages)
        {
            if (reached is { } at && stage < at)
            {
                continue;
            }

            var creates = CreateHooks(inputs, stage, records).ToList();
            if (creates.Count > 0)
            {
                return new SyncTurn(SyncTurnKind.Continue, stage, [.. carried, .. creates]);
            }

            carried.AddRange(DeleteFinishedHooks(inputs, stage, records));
            var running = records.Values.Where(h => h.Stage == stage && h.Status == HookStatus.Running).ToList();
            if (running.Count > 0 && TimedOut(inputs, stage))
            {
                return new SyncTurn(SyncTurnKind.Failed, stage, carried)
                {
                    Reason = failure.Reason,
                    Message = $"{failure.Message}; SyncFail hook(s) did not complete within {GoDuration.Format(inputs.WaveTimeout)}: {Names(running.Select(h => h.Key.ToString()).ToList())}",
                };
            }

            if (running.Count > 0)
            {
                return new SyncTurn(SyncTurnKind.Wait, stage, carried)
                {
                    Reason = ConditionReasons.HookRunning,
                    Message = $"the sync failed: {failure.Message}; waiting for SyncFail hook(s) {Names(running.Select(h => h.Key.ToString()).ToList())} to complete",
                };
            }
        }

        var ran = records.Values.Where(h => h.Stage.Phase == SyncPhase.SyncFail).OrderBy(h => h.Stage).ThenBy(h => h.Key).ToList();
        var summary = ran.Count == 0 ? "" : $"; SyncFail hook(s) ran: {Names(ran.Select(h => $"{h.Key} ({h.Status})").ToList())}";
        return new SyncTurn(SyncTurnKind.Failed, reached ?? inputs.Progress.Reached ?? new SyncStage(SyncPhase.SyncFail, 0), carried)
        {
            Reason = failure.Reason,
            Message = failure.Message + summary,
        };
    }

    /// <summary>Hooks of the stage not yet created in this sync; BeforeHookCreation first deletes a namesake left by an earlier one.</summary>
    private static IEnumerable<SyncStep> CreateHooks(SyncOperationInputs inputs, SyncStage stage, Dictionary<ResourceKey, HookRecord> records)
    {
        foreach (var hook in inputs.Hooks.Where(h => SyncStage.Of(h) == stage && !records.ContainsKey(h.Key)))
        {
            if (inputs.LiveHooks.ContainsKey(hook.Key) && Hook.DeletePolicyOf(hook.Object).HasFlag(HookDeletePolicy.BeforeHookCreation))
            {
                yield return new SyncStep(SyncStepKind.DeleteHook, hook.Key, hook.Object, "BeforeHookCreation: the hook of an earlier sync goes first") { Stage = stage };
            }

            yield return new SyncStep(SyncStepKind.CreateHook, hook.Key, hook.Object, $"{stage.Phase} hook") { Stage = stage };
        }
    }

    /// <summary>HookSucceeded and HookFailed: a finished hook of this sync that is still in the cluster goes.</summary>
    private static IEnumerable<SyncStep> DeleteFinishedHooks(SyncOperationInputs inputs, SyncStage stage, Dictionary<ResourceKey, HookRecord> records)
    {
        foreach (var hook in inputs.Hooks.Where(h => SyncStage.Of(h) == stage))
        {
            if (!records.TryGetValue(hook.Key, out var record) || !inputs.LiveHooks.TryGetValue(hook.Key, out var live)
                || (record.Uid is not null && live.Uid != record.Uid))
            {
                continue;
            }

            var policy = Hook.DeletePolicyOf(hook.Object);
            if ((record.Status == HookStatus.Succeeded && policy.HasFlag(HookDeletePolicy.HookSucceeded))
                || (record.Status == HookStatus.Failed && policy.HasFlag(HookDeletePolicy.HookFailed)))
            {
                yield return new SyncStep(SyncStepKind.DeleteHook, hook.Key, hook.Object, record.Status == HookStatus.Succeeded ? "HookSucceeded" : "HookFailed") { Stage = stage };
            }
        }
    }

    /// <summary>A failed hook fails the sync; running ones make it wait (until the wave timeout); null when every hook of the stage succeeded.</summary>
    private static SyncTurn? HookOutcome(SyncOperationInputs inputs, SyncStage stage, Dictionary<ResourceKey, HookRecord> records)
    {
        var ofStage = records.Values.Where(h => h.Stage == stage).OrderBy(h => h.Key).ToList();
        var failed = ofStage.Where(h => h.Status == HookStatus.Failed).ToList();
        if (failed.Count > 0)
        {
            var what = string.Join("; ", failed.Take(MaxNamed).Select(h => $"{h.Key} failed{(h.Message.Length > 0 ? $": {h.Message}" : "")}"))
                + (failed.Count > MaxNamed ? $"; and {(failed.Count - MaxNamed).ToString(CultureInfo.InvariantCulture)} more" : "");
            var notStarted = stage.Phase == SyncPhase.PreSync ? "; nothing of the Sync phase was applied" : "";
            return Fail(stage, [], ConditionReasons.HookFailed, $"{stage.Phase} hook {what}{notStarted}");
        }

        var running = ofStage.Where(h => h.Status == HookStatus.Running).ToList();
        if (running.Count == 0)
        {
            return null;
        }

        var names = Names(running.Select(h => $"{h.Key}{(h.Message.Length > 0 ? $" ({h.Message})" : "")}").ToList());
        if (TimedOut(inputs, stage))
        {
            return Fail(stage, [], ConditionReasons.WaveTimeout, $"{stage.Phase} hook {names} did not complete within {GoDuration.Format(inputs.WaveTimeout)}");
        }

        return new SyncTurn(SyncTurnKind.Wait, stage, [])
        {
            Reason = ConditionReasons.HookRunning,
            Message = $"{stage}: waiting for {stage.Phase} hook {names} to complete",
        };
    }

    /// <summary>The sync fails here: the next turn runs the SyncFail hooks.</summary>
    private static SyncTurn Fail(SyncStage stage, IReadOnlyList<SyncStep> steps, string reason, string message) =>
        new(SyncTurnKind.Continue, stage, steps) { Failure = new SyncFailure(reason, message) };

    private static bool TimedOut(SyncOperationInputs inputs, SyncStage stage) =>
        inputs.Progress.Reached == stage && inputs.Progress.StageStartedAt is { } since && inputs.Now - since >= inputs.WaveTimeout;

    private static string Stages(List<SyncStage> ordered) =>
        ordered.Count == 1 ? "1 stage" : $"{ordered.Count.ToString(CultureInfo.InvariantCulture)} stages";

    private static string Describe(HealthResult health) =>
        health.Message.Length == 0 ? health.Status.ToString() : $"{health.Status}: {health.Message}";

    private static string Names(IReadOnlyList<string> items) =>
        string.Join(", ", items.Take(MaxNamed)) + (items.Count > MaxNamed ? $" and {(items.Count - MaxNamed).ToString(CultureInfo.InvariantCulture)} more" : "");

    private static string Capitalized(SyncStage stage)
    {
        var text = stage.ToString();
        return char.ToUpperInvariant(text[0]) + text[1..];
    }
}
