namespace GitOpsAgent.Core.Health.Generic;

/// <summary>How firmly a signal says what it says.</summary>
internal enum SignalStrength
{
    /// <summary>Read from a readiness condition that is False or a flag that is false, with nothing saying why.</summary>
    Inferred,

    /// <summary>A readiness condition that is False whose reason or message names a failure or a wait.</summary>
    Reported,

    /// <summary>Said outright: a failure or progress condition that is True, a state word, an error field, the generation.</summary>
    Explicit,
}

/// <summary>
/// One piece of evidence about an object's health: what it says, where it was read (status.conditions[Ready],
/// status.phase), the text to show, and how firmly (<see cref="SignalStrength"/>). <paramref name="HasDetail"/> is
/// true when the text is the operator's own words rather than ours.
/// </summary>
internal sealed record HealthSignal(HealthStatus Status, string Field, string Text, SignalStrength Strength = SignalStrength.Explicit, bool HasDetail = true);
