namespace GitOpsAgent.Core.Scheduling;

/// <summary>Spreads polls: each Application polls at its interval plus a stable per-application offset, so a fleet does not poll in the same second.</summary>
public static class PollSchedule
{
    /// <summary>The delay until the next poll: the interval scaled by a jitter of up to ±<paramref name="jitterFraction"/> drawn from <paramref name="random01"/>.</summary>
    public static TimeSpan NextDelay(TimeSpan interval, double random01, double jitterFraction = 0.1)
    {
        var factor = 1 - jitterFraction + (2 * jitterFraction * Math.Clamp(random01, 0, 1));
        return TimeSpan.FromMilliseconds(interval.TotalMilliseconds * factor);
    }
}
