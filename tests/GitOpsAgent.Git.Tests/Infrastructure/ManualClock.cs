namespace GitOpsAgent.Git.Tests.Infrastructure;

/// <summary>
/// Wall-clock time that only moves when told (Microsoft.Extensions.TimeProvider.Testing is not served by the registry here).
/// Timers and timestamps stay real, so process timeouts still work.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
