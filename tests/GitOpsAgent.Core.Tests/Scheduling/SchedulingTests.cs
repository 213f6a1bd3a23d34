using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Scheduling;

namespace GitOpsAgent.Core.Tests.Scheduling;

public class SchedulingTests
{
    [Theory]
    [InlineData("3m", 180)]
    [InlineData("1h30m", 5400)]
    [InlineData("500ms", 0.5)]
    [InlineData("1.5s", 1.5)]
    [InlineData("2h0m10s", 7210)]
    public void GoDuration_ParsesKubernetesStyleDurations(string text, double seconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(seconds, value.TotalSeconds, 3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("3 minutes")]
    [InlineData("m")]
    [InlineData("-1s")]
    public void GoDuration_RejectsOtherText(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Fact]
    public void ShardOf_IsStableAndSpreadsApplications()
    {
        var counts = new int[4];
        for (var i = 0; i < 4000; i++)
        {
            counts[ShardAssignment.ShardOf("team", $"app-{i}", 4)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 800, 1200));
        Assert.Equal(ShardAssignment.ShardOf("a", "b", 7), ShardAssignment.ShardOf("a", "b", 7));
        Assert.Equal(0, ShardAssignment.ShardOf("a", "b", 1));
        Assert.True(ShardAssignment.Owns(ShardAssignment.ShardOf("x", "y", 3), 3, "x", "y"));
    }

    [Fact]
    public void PollSchedule_StaysWithinTheJitterBand()
    {
        var interval = TimeSpan.FromMinutes(3);
        Assert.Equal(TimeSpan.FromSeconds(162), PollSchedule.NextDelay(interval, 0));
        Assert.Equal(TimeSpan.FromSeconds(198), PollSchedule.NextDelay(interval, 1));
        Assert.Equal(interval, PollSchedule.NextDelay(interval, 0.5));
    }
}
