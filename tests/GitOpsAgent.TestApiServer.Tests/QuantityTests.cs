using GitOpsAgent.TestApiServer.Admission;

namespace GitOpsAgent.TestApiServer.Tests;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("1000m", "1")]
    [InlineData("1024Mi", "1Gi")]
    [InlineData("0.5Gi", "512Mi")]
    [InlineData("1.5", "1500m")]
    [InlineData("100m", "100m")]
    [InlineData("2000", "2k")]
    [InlineData("1500Mi", "1500Mi")]
    [InlineData("0.5Ki", "512")]
    [InlineData("128974848", "128974848")]
    [InlineData("0", "0")]
    [InlineData("not-a-quantity", "not-a-quantity")]
    public void Canonicalize_KnownForms_MatchTheApiServer(string input, string expected) =>
        Assert.Equal(expected, Quantity.Canonicalize(input));
}
