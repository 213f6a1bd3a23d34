using GitOpsAgent.Core.Health;

namespace GitOpsAgent.Core.Tests.Health;

public sealed class HealthOverridesTests
{
    [Fact]
    public void Parse_ListOfEntries_ReadsEachField()
    {
        var overrides = HealthOverrides.Parse("""
            - group: example.com
              kind: Widget
              condition: Available
            - kind: ConfigMap
              ignore: true
            """);

        Assert.Equal(
            [new HealthOverride("example.com", "Widget", "Available"), new HealthOverride("", "ConfigMap", null, Ignore: true)],
            overrides.Entries);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing configured\n")]
    public void Parse_EmptyText_HasNoEntries(string yaml)
    {
        Assert.Empty(HealthOverrides.Parse(yaml).Entries);
    }

    [Theory]
    [InlineData("- group: a\n  condition: Ready\n", "entry 1: 'kind' is required")]
    [InlineData("- kind: A\n  condition: Ready\n- kind: B\n  ignore: maybe\n", "entry 2 (B): 'ignore' must be true or false")]
    [InlineData("- kind: A\n  condition: Ready\n  ignore: true\n", "entry 1 (A): 'condition' and 'ignore: true' exclude each other")]
    [InlineData("- kind: A\n", "entry 1 (A): set 'condition' or 'ignore: true'")]
    [InlineData("- kind: A\n  conditon: Ready\n", "entry 1: unknown field 'conditon'")]
    [InlineData("- just-a-string\n", "entry 1: expected a mapping")]
    [InlineData("kind: A\n", "expected one YAML list")]
    [InlineData("- kind: [A]\n  ignore: true\n", "entry 1: 'kind' must be a string")]
    public void Parse_InvalidEntry_ErrorNamesTheEntry(string yaml, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => HealthOverrides.Parse(yaml));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_ExactAndWildcardEntries_PrefersTheMostSpecific()
    {
        var overrides = new HealthOverrides(
        [
            new HealthOverride("*", "*", Ignore: true),
            new HealthOverride("example.com", "*", "Ready"),
            new HealthOverride("*", "Widget", "Healthy"),
            new HealthOverride("example.com", "Widget", "Available"),
        ]);

        Assert.Equal("Available", overrides.Find("example.com", "Widget")?.Condition);
        Assert.Equal("Healthy", overrides.Find("other.io", "Widget")?.Condition);
        Assert.Equal("Ready", overrides.Find("example.com", "Gadget")?.Condition);
        Assert.True(overrides.Find("", "ConfigMap")?.Ignore);
    }

    [Fact]
    public void Find_NoMatchingEntry_ReturnsNull()
    {
        var overrides = new HealthOverrides([new HealthOverride("apps", "Deployment", "Available")]);

        Assert.Null(overrides.Find("extensions", "Deployment"));
        Assert.Null(HealthOverrides.Empty.Find("apps", "Deployment"));
    }
}
