using System.Text.Json.Nodes;
using GitOpsAgent.Core.Diff;

namespace GitOpsAgent.Core.Tests.Diff;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("1000m", "1")]
    [InlineData("1Gi", "1024Mi")]
    [InlineData("0.5Gi", "512Mi")]
    [InlineData("1e3", "1k")]
    [InlineData("1E3", "1000")]
    [InlineData("100M", "100000k")]
    [InlineData("250m", "0.25")]
    [InlineData("1Ki", "1024")]
    public void AreEqual_EquivalentQuantities_ReturnsTrue(string a, string b) =>
        Assert.True(Quantity.AreEqual(JsonValue.Create(a), JsonValue.Create(b)));

    [Theory]
    [InlineData("1Gi", "1G")]
    [InlineData("100m", "1")]
    [InlineData("1Mi", "1M")]
    public void AreEqual_DifferentQuantities_ReturnsFalse(string a, string b) =>
        Assert.False(Quantity.AreEqual(JsonValue.Create(a), JsonValue.Create(b)));

    [Fact]
    public void AreEqual_NumberAndString_ComparesValues()
    {
        Assert.True(Quantity.AreEqual(JsonValue.Create(2), JsonValue.Create("2000m")));
        Assert.True(Quantity.AreEqual(JsonNode.Parse("0.5"), JsonValue.Create("500m")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1Xi")]
    [InlineData("1.2.3")]
    [InlineData("1e999")]
    public void TryParse_Invalid_ReturnsFalse(string text) => Assert.False(Quantity.TryParse(text, out _));

    [Fact]
    public void TryParse_Exa_ReadsSuffixNotExponent()
    {
        Assert.True(Quantity.TryParse("2E", out var value));
        Assert.Equal(2e18m, value);
    }

    [Fact]
    public void AreEqual_NonQuantityNodes_ReturnsFalse()
    {
        Assert.False(Quantity.AreEqual(null, JsonValue.Create("1")));
        Assert.False(Quantity.AreEqual(new JsonObject(), new JsonObject()));
    }
}
