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
}

public class AlignedPollScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NextAlignedDelay_SameRepository_LandsOnTheSameMomentWhateverTheStart()
    {
        var interval = TimeSpan.FromMinutes(3);
        var first = Start + TimeSpan.FromSeconds(7);
        var second = Start + TimeSpan.FromSeconds(71);

        var dueFirst = first + PollSchedule.NextAlignedDelay(first, interval, "github.com/org/config");
        var dueSecond = second + PollSchedule.NextAlignedDelay(second, interval, "github.com/org/config");

        Assert.True(dueFirst == dueSecond || Math.Abs((dueFirst - dueSecond).TotalMinutes) == 3, $"{dueFirst:O} vs {dueSecond:O}");
    }

    [Fact]
    public void NextAlignedDelay_IsPositiveAndAtMostOneInterval_AndSpreadsRepositories()
    {
        var interval = TimeSpan.FromMinutes(3);
        var delays = Enumerable.Range(0, 300).Select(i => PollSchedule.NextAlignedDelay(Start, interval, $"git.example.com/team/repo-{i}")).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromMilliseconds(1), interval));
        var perMinute = delays.GroupBy(d => (int)d.TotalMinutes).Select(g => g.Count()).ToList();
        Assert.Equal(3, perMinute.Count);
        Assert.All(perMinute, count => Assert.InRange(count, 70, 130));
    }
}
