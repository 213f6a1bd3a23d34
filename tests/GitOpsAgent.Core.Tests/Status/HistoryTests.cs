using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Status;

namespace GitOpsAgent.Core.Tests.Status;

public sealed class HistoryTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Append_EmptyHistory_StartsAtIdOne()
    {
        var entry = Assert.Single(History.Append(null, "abc", T0, "manual"));

        Assert.Equal((1L, "abc", "2024-05-01T12:00:00Z", "manual"), (entry.Id, entry.Revision, entry.DeployedAt, entry.InitiatedBy));
    }

    [Fact]
    public void Append_ManyTimes_KeepsTheLastTenWithIncreasingIds()
    {
        List<HistoryEntry> history = [];
        for (var i = 1; i <= 13; i++)
        {
            history = History.Append(history, $"rev{i}", T0.AddMinutes(i), "auto");
        }

        Assert.Equal(Enumerable.Range(4, 10).Select(i => (long)i), history.Select(e => e.Id));
        Assert.Equal("rev13", history[^1].Revision);
    }

    [Fact]
    public void Append_CustomLimit_TrimsTheOldest()
    {
        var history = History.Append(null, "a", T0, "auto", limit: 2);
        history = History.Append(history, "b", T0, "auto", limit: 2);
        history = History.Append(history, "c", T0, "webhook", limit: 2);

        Assert.Equal(["b", "c"], history.Select(e => e.Revision));
    }

    [Fact]
    public void Append_IdsAfterTrimming_ContinueFromTheHighest()
    {
        List<HistoryEntry> history = [new() { Id = 41, Revision = "x" }, new() { Id = 42, Revision = "y" }];

        var result = History.Append(history, "z", T0, "auto");

        Assert.Equal(43, result[^1].Id);
        Assert.Equal(2, history.Count);
    }

    [Fact]
    public void Append_LimitBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => History.Append(null, "a", T0, "auto", limit: 0));
    }
}
