namespace GitOpsAgent.Kubernetes.Tests.Fakes;

/// <summary>A clock the test moves by hand (Microsoft.Extensions.TimeProvider.Testing is not served by the registry here).</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public ManualTimeProvider() : this(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero)) { }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
