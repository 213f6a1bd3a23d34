using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Scheduling;

namespace GitOpsAgent.Core.Sync;

/// <summary>Why a reconcile does or does not write to the cluster.</summary>
public enum SyncVerdict
{
    /// <summary>Nothing differs and nobody asked for a sync.</summary>
    InSync,

    /// <summary>spec.suspend: status shows the drift, nothing is written.</summary>
    Suspended,

    /// <summary>Automated sync is off: waits for a sync request.</summary>
    ManualOnly,

    /// <summary>Drift at the revision already synced, and selfHeal is off.</summary>
    SelfHealOff,

    /// <summary>Another writer keeps reverting us: the self-heal waits out its backoff.</summary>
    SelfHealBackoff,

    Sync,
}

/// <summary>What the reconcile knows when it decides whether to sync.</summary>
/// <param name="OutOfSync">Some desired object differs from live, or a tracked object left Git.</param>
/// <param name="ManualRequest">The value of the sync request annotation, or null.</param>
/// <param name="NewRevision">The revision differs from the last one fully applied.</param>
/// <param name="SelfHeals">Self-heals since the last calm spell, and when the last one ran.</param>
public sealed record SyncInputs(
    bool OutOfSync,
    string? ManualRequest,
    AutomatedSync? Automated,
    bool Suspended,
    bool NewRevision,
    bool TriggeredByWebhook,
    int SelfHeals,
    DateTimeOffset LastSelfHeal,
    DateTimeOffset Now,
    Backoff SelfHealBackoff);

/// <summary>
/// The pure decision whether a reconcile syncs: manual or automated, a new revision or a self-heal of drift, and the
/// self-heal backoff against a writer that keeps reverting us. The reconcile reads, calls this, then acts.
/// </summary>
public sealed record SyncDecision(SyncVerdict Verdict, bool Prune = false, string InitiatedBy = "", bool IsSelfHeal = false, TimeSpan Wait = default)
{
    public bool ShouldSync => Verdict == SyncVerdict.Sync;

    public static SyncDecision Decide(SyncInputs inputs)
    {
        var manual = inputs.ManualRequest is not null;
        if (!inputs.OutOfSync && !manual)
        {
            return new(SyncVerdict.InSync);
        }

        if (inputs.Suspended)
        {
            return new(SyncVerdict.Suspended);
        }

        var automated = inputs.Automated;
        if (!manual && automated is null)
        {
            return new(SyncVerdict.ManualOnly);
        }

        var selfHeal = !manual && !inputs.NewRevision;
        if (selfHeal && automated!.SelfHeal != true)
        {
            return new(SyncVerdict.SelfHealOff);
        }

        if (selfHeal && SelfHealWait(inputs) is { } wait)
        {
            return new(SyncVerdict.SelfHealBackoff, Wait: wait);
        }

        var prune = manual
            ? inputs.ManualRequest!.Contains("prune", StringComparison.OrdinalIgnoreCase) || automated?.Prune == true
            : automated!.Prune == true;
        var initiatedBy = manual ? "manual" : inputs.TriggeredByWebhook ? "webhook" : "auto";
        return new(SyncVerdict.Sync, prune, initiatedBy, selfHeal);
    }

    /// <summary>After N self-heals the next waits the backoff's Nth delay (no jitter: the writer's pace, not a fleet's, sets it).</summary>
    private static TimeSpan? SelfHealWait(SyncInputs inputs)
    {
        if (inputs.SelfHeals == 0)
        {
            return null;
        }

        var remaining = inputs.LastSelfHeal + inputs.SelfHealBackoff.Delay(inputs.SelfHeals) - inputs.Now;
        return remaining > TimeSpan.Zero ? remaining : null;
    }
}
