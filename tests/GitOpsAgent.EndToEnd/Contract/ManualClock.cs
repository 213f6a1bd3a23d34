namespace GitOpsAgent.EndToEnd.Contract;

/// <summary>A clock the test moves by hand, so lease expiry is decided by the test, not by waiting.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
