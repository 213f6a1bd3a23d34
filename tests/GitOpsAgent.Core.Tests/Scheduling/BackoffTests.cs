using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Scheduling;

namespace GitOpsAgent.Core.Tests.Scheduling;

public sealed class BackoffTests
{
    [Fact]
    public void Delay_RepeatedFailures_GrowExponentiallyUpToTheCap()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(1));

        var delays = Enumerable.Range(1, 6).Select(n => backoff.Delay(n));

        Assert.Equal([5, 10, 20, 40, 60, 60], delays.Select(d => d.TotalSeconds));
    }

    [Theory]
    [InlineData(0.0, 0.8)]
    [InlineData(1.0, 1.2)]
    [InlineData(0.25, 0.9)]
    public void Delay_Jitter_StaysWithinTwentyPercent(double sample, double factor)
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(10), 2, TimeSpan.FromMinutes(10));

        Assert.Equal(10 * factor, backoff.Delay(1, sample).TotalSeconds, 6);
        Assert.Equal(40 * factor, backoff.Delay(3, sample).TotalSeconds, 6);
    }

    [Fact]
    public void Delay_JitterAboveTheCap_IsClampedToTheCap() =>
        Assert.Equal(TimeSpan.FromSeconds(30), new Backoff(TimeSpan.FromSeconds(10), 2, TimeSpan.FromSeconds(30)).Delay(10, 1.0));

    [Fact]
    public void Delay_ManyFailures_DoesNotOverflow() =>
        Assert.Equal(TimeSpan.FromMinutes(3), new Backoff(TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(3)).Delay(int.MaxValue));

    [Fact]
    public void FromPolicy_Unset_IsFiveSecondsDoublingToThreeMinutes() =>
        Assert.Equal(new Backoff(TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(3)), Backoff.FromPolicy(null));

    [Fact]
    public void FromPolicy_GivenValues_AreUsed() =>
        Assert.Equal(new Backoff(TimeSpan.FromSeconds(1), 3, TimeSpan.FromSeconds(20)),
            Backoff.FromPolicy(new RetryBackoff { Duration = "1s", Factor = 3, MaxDuration = "20s" }));
}
