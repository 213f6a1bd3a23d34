using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Core.Tests.Applications;

public sealed class ChartVersionConstraintTests
{
    private static readonly string[] Published = ["4.10.0", "4.10.3", "4.11.0", "4.11.2", "4.11.10", "4.12.0-beta.1", "5.0.0", "v5.1.0", "not-a-version", "1.2.3_build.7"];

    [Theory]
    [InlineData("4.11.x", "4.11.10")]
    [InlineData("4.11", "4.11.10")]
    [InlineData(">=4.10 <4.11", "4.10.3")]
    [InlineData(">=4.10, <4.11", "4.10.3")]
    [InlineData("~4.10.1", "4.10.3")]
    [InlineData("^4.10", "4.11.10")]
    [InlineData("4.11.2", "4.11.2")]
    [InlineData("4.10.0 - 4.11.0", "4.11.0")]
    [InlineData("<4.0 || 5.x", "v5.1.0")]
    [InlineData("", "v5.1.0")]
    [InlineData("HEAD", "v5.1.0")]
    [InlineData("*", "v5.1.0")]
    [InlineData(">=4.12.0-0 <4.13", "4.12.0-beta.1")]
    [InlineData("1.2.3+build.7", "1.2.3_build.7")]
    [InlineData("6.x", null)]
    public void SelectHighest_Constraint_PicksTheNewestMatchingRelease(string text, string? expected)
    {
        Assert.True(ChartVersionConstraint.TryParse(text, out var constraint, out var error), error);

        Assert.Equal(expected, constraint.SelectHighest(Published));
    }

    [Fact]
    public void SelectHighest_RangeWithoutPrerelease_SkipsPrereleases()
    {
        Assert.True(ChartVersionConstraint.TryParse(">=4.11", out var constraint, out _));

        Assert.Equal("4.11.2", constraint.SelectHighest(["4.11.2", "4.12.0-rc.1"]));
    }

    [Theory]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("v1.2.3", "1.2.3")]
    [InlineData("1.2.x", null)]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", null)]
    public void Exact_Constraint_IsTheVersionOnlyWhenOneIsNamed(string text, string? exact)
    {
        Assert.True(ChartVersionConstraint.TryParse(text, out var constraint, out _));

        Assert.Equal(exact, constraint.Exact);
    }

    [Fact]
    public void TryParse_Digest_MatchesNoVersion()
    {
        Assert.True(ChartVersionConstraint.TryParse("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", out var constraint, out _));

        Assert.NotNull(constraint.Digest);
        Assert.Null(constraint.SelectHighest(Published));
    }

    [Theory]
    [InlineData("banana")]
    [InlineData(">=1.2 <")]
    [InlineData("sha256:XYZ")]
    public void TryParse_Garbage_SaysWhy(string text)
    {
        Assert.False(ChartVersionConstraint.TryParse(text, out _, out var error));
        Assert.Contains(text, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4.11.2@sha256:abc", "4.11.2")]
    [InlineData("0123456789abcdef0123456789abcdef01234567", "0123456")]
    [InlineData("4.11.2@sha256:abc;values:0123456789abcdef0123456789abcdef01234567", "4.11.2 (values 0123456)")]
    [InlineData(null, "an unknown revision")]
    public void Short_Revision_IsTheChartVersionOrTheShortSha(string? revision, string expected) =>
        Assert.Equal(expected, Revisions.Short(revision));

    [Fact]
    public void OfChart_WithValuesCommit_RoundTrips()
    {
        var revision = Revisions.OfChart("1.2.3", "sha256:ab", "0123456789abcdef0123456789abcdef01234567");

        Assert.Equal(("1.2.3", "0123456789abcdef0123456789abcdef01234567"), (Revisions.ChartVersion(revision), Revisions.ValuesCommit(revision)));
        Assert.Null(Revisions.ValuesCommit(Revisions.OfChart("1.2.3", "sha256:ab")));
    }
}
