using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Status;

namespace GitOpsAgent.Core.Tests.Status;

public sealed class HistoryTests
{
    private static HistoryEntry Deployed(string revision, string by = "auto") =>
        new() { Revision = revision, DeployedAt = "2024-05-01T12:00:00Z", InitiatedBy = by, Subject = $"deploy {revision}", Author = "Dev" };

    [Fact]
    public void Record_EmptyHistory_StartsAtIdOne()
    {
        var entry = Assert.Single(History.Record(null, Deployed("abc", "manual")));

        Assert.Equal((1L, "abc", "2024-05-01T12:00:00Z", "manual", "deploy abc", "Dev"),
            (entry.Id, entry.Revision, entry.DeployedAt, entry.InitiatedBy, entry.Subject, entry.Author));
    }

    [Fact]
    public void Record_ManyRevisions_KeepsTheLastTenWithIncreasingIds()
    {
        List<HistoryEntry> history = [];
        for (var i = 1; i <= 13; i++)
        {
            history = History.Record(history, Deployed($"rev{i}"));
        }

        Assert.Equal(Enumerable.Range(4, 10).Select(i => (long)i), history.Select(e => e.Id));
        Assert.Equal("rev13", history[^1].Revision);
    }

    [Fact]
    public void Record_SameRevisionAgain_AddsNoEntry()
    {
        var history = History.Record(null, Deployed("a"));

        history = History.Record(history, Deployed("a", "manual"));

        Assert.Equal(("a", "auto"), (Assert.Single(history).Revision, history[0].InitiatedBy));
    }

    [Fact]
    public void Record_RollbackToAnOlderRevision_IsANewEntry()
    {
        var history = History.Record(History.Record(null, Deployed("a")), Deployed("b"));

        history = History.Record(history, Deployed("a", "manual"));

        Assert.Equal(["a", "b", "a"], history.Select(e => e.Revision));
    }

    [Fact]
    public void Record_CustomLimit_TrimsTheOldest()
    {
        var history = History.Record(null, Deployed("a"), limit: 2);
        history = History.Record(history, Deployed("b"), limit: 2);
        history = History.Record(history, Deployed("c"), limit: 2);

        Assert.Equal(["b", "c"], history.Select(e => e.Revision));
    }

    [Fact]
    public void Record_IdsAfterTrimming_ContinueFromTheHighest()
    {
        List<HistoryEntry> history = [new() { Id = 41, Revision = "x" }, new() { Id = 42, Revision = "y" }];

        var result = History.Record(history, Deployed("z"));

        Assert.Equal(43, result[^1].Id);
        Assert.Equal(2, history.Count);
    }
}
