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
    [InlineData("- kind: A\n  condition: Ready\n  ignore: true\n", "entry 1 (A): 'condition', 'ignore: true' and the expressions (healthy, progressing, degraded) exclude each other")]
    [InlineData("- kind: A\n  condition: Ready\n  healthy: 'true'\n", "entry 1 (A): 'condition', 'ignore: true' and the expressions")]
    [InlineData("- kind: A\n", "entry 1 (A): set 'condition', 'ignore: true', or expressions (healthy, progressing, degraded)")]
    [InlineData("- group: example.com\n  kind: Widget\n  degraded: \"status.phase ==\"\n", "entry 1 (Widget.example.com): 'degraded' is not a valid CEL expression: Line 1:")]
    [InlineData("- kind: A\n  healthy: '  '\n", "entry 1 (A): 'healthy' is empty")]
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
    public void Parse_ExpressionEntry_KeepsEachExpression()
    {
        var overrides = HealthOverrides.Parse("""
            - group: example.com
              kind: Widget
              healthy: "status.phase == 'Ready'"
              degraded: "status.phase == 'Failed'"
            """);

        var entry = Assert.Single(overrides.Entries);
        Assert.Equal("status.phase == 'Ready'", entry.Expressions?.Healthy);
        Assert.Equal("status.phase == 'Failed'", entry.Expressions?.Degraded);
        Assert.Null(entry.Expressions?.Progressing);
        var sameInFlowStyle = HealthOverrides.Parse("""
            - {group: example.com, kind: Widget, healthy: "status.phase == 'Ready'", degraded: "status.phase == 'Failed'"}
            """);
        Assert.Equal(sameInFlowStyle.Entries, overrides.Entries);
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
