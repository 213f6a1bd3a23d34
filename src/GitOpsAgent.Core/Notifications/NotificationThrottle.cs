namespace GitOpsAgent.Core.Notifications;

/// <summary>
/// The rate limit of one Application under one Notification: a token bucket (<c>burst</c> tokens, one more every
/// <c>interval</c>) and at most one transition held back, the newest; each one it replaces is counted as folded into it.
/// </summary>
public sealed record ThrottleState(double Tokens, DateTimeOffset Updated, AppTransition? Held, Folded Folded)
{
    public static ThrottleState Full(int burst, DateTimeOffset now) => new(burst, now, null, Folded.None);
}

/// <summary>Transitions held back into a later message: how many, and which events (each once, in order of first appearance).</summary>
public sealed record Folded(int Count, IReadOnlyList<NotificationEvent> Events)
{
    public static Folded None { get; } = new(0, []);

    public Folded Add(NotificationEvent e) => new(Count + 1, Events.Contains(e) ? Events : [.. Events, e]);
}

/// <summary>What to do now: send <see cref="Send"/> (with the transitions <see cref="Folded"/> into it), or nothing.</summary>
public sealed record ThrottleDecision(ThrottleState State, AppTransition? Send, Folded Folded);

/// <summary>
/// Pure: decides from the state and the time whether a transition goes out now, is held back, or whether a held one
/// can go out now. A flapping Application gets at most <c>burst</c> messages at once and one per interval after that;
/// the last transition is never lost, only delayed (it goes out when the next token comes).
/// </summary>
public static class NotificationThrottle
{
    public static ThrottleDecision Offer(ThrottleState? state, AppTransition transition, DateTimeOffset now, int burst, TimeSpan interval)
    {
        var current = Refill(state ?? ThrottleState.Full(burst, now), now, burst, interval);
        if (current.Tokens >= 1)
        {
            // A held transition whose token has come is older than this one: it folds into it.
            var folded = current.Held is { } held ? current.Folded.Add(held.Event) : current.Folded;
            return new ThrottleDecision(current with { Tokens = current.Tokens - 1, Held = null, Folded = Folded.None }, transition, folded);
        }

        var heldBack = current.Held is { } older ? current.Folded.Add(older.Event) : current.Folded;
        return new ThrottleDecision(current with { Held = transition, Folded = heldBack }, null, Folded.None);
    }

    /// <summary>Sends the held transition once a token has come; otherwise nothing changes.</summary>
    public static ThrottleDecision Release(ThrottleState state, DateTimeOffset now, int burst, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(state);
        var current = Refill(state, now, burst, interval);
        return current.Held is { } held && current.Tokens >= 1
            ? new ThrottleDecision(current with { Tokens = current.Tokens - 1, Held = null, Folded = Folded.None }, held, current.Folded)
            : new ThrottleDecision(current, null, Folded.None);
    }

    /// <summary>When a held transition can go out; null when nothing is held.</summary>
    public static DateTimeOffset? NextRelease(ThrottleState state, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Held is null ? null : state.Updated + (state.Tokens >= 1 ? TimeSpan.Zero : interval * (1 - state.Tokens));
    }

    private static ThrottleState Refill(ThrottleState state, DateTimeOffset now, int burst, TimeSpan interval)
    {
        var elapsed = now - state.Updated;
        if (elapsed <= TimeSpan.Zero)
        {
            return state;
        }

        var tokens = Math.Min(burst, state.Tokens + (elapsed / interval));
        return state with { Tokens = tokens, Updated = now };
    }
}
