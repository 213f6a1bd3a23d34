namespace GitOpsAgent.Core.Status;

/// <summary>How a reconcile ended (Flux's reconcile results and error kinds, kstatus semantics).</summary>
public enum OutcomeKind
{
    /// <summary>Every step ran: status reports sync and health as observed.</summary>
    Succeeded,

    /// <summary>Not a failure: waiting for something expected (self-heal backoff, a dependency, a wave). Reconciling stays True.</summary>
    Waiting,

    /// <summary>A failure a retry may fix: retried with backoff. Ready False, Reconciling True.</summary>
    Retrying,

    /// <summary>A failure a retry will not fix: waits for a change of the spec or the source. Ready False, Stalled True.</summary>
    Stalled,
}

/// <summary>
/// The typed result of a reconcile (or of the step that ended it). Reason is a <see cref="ConditionReasons"/> constant;
/// Message is for people and names the file and line, or the object and field, where there is one.
/// </summary>
public sealed record ReconcileOutcome(OutcomeKind Kind, string Reason, string Message, TimeSpan? After = null)
{
    public static ReconcileOutcome Succeeded { get; } = new(OutcomeKind.Succeeded, ConditionReasons.Succeeded, "");

    public bool IsFailure => Kind is OutcomeKind.Retrying or OutcomeKind.Stalled;

    public static ReconcileOutcome Wait(string reason, string message, TimeSpan after) => new(OutcomeKind.Waiting, reason, message, after);

    public static ReconcileOutcome Retry(string reason, string message) => new(OutcomeKind.Retrying, reason, message);

    public static ReconcileOutcome Stall(string reason, string message) => new(OutcomeKind.Stalled, reason, message);
}
