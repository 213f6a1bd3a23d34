using GitOpsAgent.Controller;

namespace GitOpsAgent.Tests.Controller;

public sealed class BackoffTests
{
    [Fact]
    public void Next_RepeatedFailures_GrowExponentiallyUpToTheCap()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(1), random: () => 0.5);

        var delays = Enumerable.Range(0, 6).Select(_ => backoff.Next("app")).ToList();

        Assert.Equal([5, 10, 20, 40, 60, 60], delays.Select(d => d.TotalSeconds));
        Assert.Equal(6, backoff.Failures("app"));
    }

    [Theory]
    [InlineData(0.0, 0.8)]
    [InlineData(1.0, 1.2)]
    [InlineData(0.25, 0.9)]
    public void Delay_Jitter_StaysWithinTwentyPercent(double random, double factor)
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(10), 2, TimeSpan.FromMinutes(10), random: () => random);

        Assert.Equal(10 * factor, backoff.Delay(1).TotalSeconds, 6);
        Assert.Equal(40 * factor, backoff.Delay(3).TotalSeconds, 6);
    }

    [Fact]
    public void Delay_JitterAboveTheCap_IsClampedToTheCap()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(10), 2, TimeSpan.FromSeconds(30), random: () => 1.0);

        Assert.Equal(TimeSpan.FromSeconds(30), backoff.Delay(10));
    }

    [Fact]
    public void Delay_ManyFailures_DoesNotOverflow()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), 10, TimeSpan.FromMinutes(5), random: () => 0.5);

        Assert.Equal(TimeSpan.FromMinutes(5), backoff.Delay(10_000));
    }

    [Fact]
    public void Reset_StartsTheKeyOverWithoutTouchingOthers()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(1), random: () => 0.5);
        backoff.Next("a");
        backoff.Next("a");
        backoff.Next("b");

        backoff.Reset("a");

        Assert.Equal(0, backoff.Failures("a"));
        Assert.Equal(TimeSpan.FromSeconds(5), backoff.Next("a"));
        Assert.Equal(TimeSpan.FromSeconds(10), backoff.Next("b"));
    }

    [Fact]
    public void Next_DefaultRandom_StaysInTheJitterBand()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(10), 2, TimeSpan.FromMinutes(10));

        for (var i = 0; i < 200; i++)
        {
            backoff.Reset("k");
            Assert.InRange(backoff.Next("k").TotalSeconds, 8, 12);
        }
    }
}
