using GitOpsAgent.Core.Diff;

namespace GitOpsAgent.Core.Tests.Diff;

public sealed class LineDiffTests
{
    [Fact]
    public void Unified_SameText_IsEmpty() => Assert.Equal("", LineDiff.Unified("a\nb\n", "a\nb\n"));

    [Fact]
    public void Unified_OneChange_ShowsThreeLinesOfContext()
    {
        var live = string.Join('\n', Enumerable.Range(1, 10).Select(i => $"line{i}"));
        var desired = live.Replace("line5", "LINE5", StringComparison.Ordinal);

        var diff = LineDiff.Unified(live, desired);

        Assert.Equal("--- live\n+++ desired\n@@ -2,7 +2,7 @@\n line2\n line3\n line4\n-line5\n+LINE5\n line6\n line7\n line8\n", diff);
    }

    [Fact]
    public void Unified_DistantChanges_MakeTwoHunks()
    {
        var live = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"line{i}"));
        var desired = live.Replace("line2\n", "x\n", StringComparison.Ordinal).Replace("line18", "y", StringComparison.Ordinal);

        var diff = LineDiff.Unified(live, desired);

        Assert.Equal(2, diff.Split('\n').Count(l => l.StartsWith("@@", StringComparison.Ordinal)));
    }

    [Fact]
    public void Unified_LongTextWithOneChange_ShowsOnlyThatHunk()
    {
        var live = string.Join('\n', Enumerable.Range(1, 20_000).Select(i => $"line{i}"));
        var desired = live.Replace("line10000\n", "changed\n", StringComparison.Ordinal);

        var diff = LineDiff.Unified(live, desired);

        Assert.Contains("@@ -9997,7 +9997,7 @@\n", diff, StringComparison.Ordinal);
        Assert.Equal(["-line10000", "+changed"], diff.Split('\n').Where(l => l.Length > 0 && l[0] is '-' or '+' && !l.StartsWith("---", StringComparison.Ordinal) && !l.StartsWith("+++", StringComparison.Ordinal)));
    }

    [Fact]
    public void Unified_HugeRewrite_FallsBackToRemovedThenAddedBlock()
    {
        var live = string.Join('\n', Enumerable.Range(1, 3000).Select(i => $"old{i}"));
        var desired = string.Join('\n', Enumerable.Range(1, 3000).Select(i => $"new{i}"));

        var lines = LineDiff.Unified(live, desired).Split('\n');

        Assert.Equal(3000, lines.Count(l => l.StartsWith("-old", StringComparison.Ordinal)));
        Assert.Equal(3000, lines.Count(l => l.StartsWith("+new", StringComparison.Ordinal)));
        Assert.True(Array.FindLastIndex(lines, l => l.StartsWith("-old", StringComparison.Ordinal)) < Array.FindIndex(lines, l => l.StartsWith("+new", StringComparison.Ordinal)));
    }
}
