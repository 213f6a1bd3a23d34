namespace GitOpsAgent.Core.Scheduling;

/// <summary>
/// When Applications poll Git. Polls of one repository are aligned to the same moments (so its Applications share one
/// ls-remote), while different repositories are spread over the interval (so a fleet does not poll in the same second).
/// </summary>
public static class PollSchedule
{
    /// <summary>
    /// The delay until the next poll slot of <paramref name="repositoryKey"/>: slots are every <paramref name="interval"/>,
    /// shifted by a stable per-repository offset. Always more than zero and at most one interval.
    /// </summary>
    public static TimeSpan NextAlignedDelay(DateTimeOffset now, TimeSpan interval, string repositoryKey)
    {
        var period = Math.Max(1, (long)interval.TotalMilliseconds);
        var offset = (long)(ShardAssignment.StableHash(repositoryKey) % (ulong)period);
        var sinceSlot = (((now.ToUnixTimeMilliseconds() - offset) % period) + period) % period;
        var delay = period - sinceSlot;
        return TimeSpan.FromMilliseconds(delay);
    }
}
