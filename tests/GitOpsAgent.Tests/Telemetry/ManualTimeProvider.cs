namespace GitOpsAgent.Tests.Telemetry;

/// <summary>A clock the test moves by hand, so the scrape cache expires exactly when the test says.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private long ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref this.ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref this.ticks, by.Ticks);
}
