using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Notifications;

namespace GitOpsAgent.Core.Tests.Notifications;

public sealed class NotificationRulesTests
{
    private static NotificationSpec Spec(string type = "Slack", string? address = "https://hooks.example/x") =>
        new() { Provider = new NotificationProvider { Type = type, Address = address } };

    [Fact]
    public void Validate_UsableSpec_HasNoProblems() => Assert.Empty(NotificationRules.Validate(Spec()));

    [Fact]
    public void Validate_BrokenSpec_NamesEveryProblemAndItsField()
    {
        var spec = new NotificationSpec
        {
            Provider = new NotificationProvider { Type = "Pager", Address = "ftp://x" },
            Events = ["Synced", "Exploded"],
            RateLimit = new RateLimit { Burst = 0, Interval = "soon" },
            Applications = new ApplicationSelection { Selector = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "team", Operator = "Near" }] } },
        };

        var problems = NotificationRules.Validate(spec);

        Assert.Collection(problems,
            p => Assert.StartsWith("spec.provider.type \"Pager\"", p, StringComparison.Ordinal),
            p => Assert.StartsWith("spec.events: \"Exploded\"", p, StringComparison.Ordinal),
            p => Assert.Equal("spec.provider.address must be an http or https URL", p),
            p => Assert.StartsWith("spec.rateLimit.interval \"soon\"", p, StringComparison.Ordinal),
            p => Assert.Equal("spec.rateLimit.burst must be at least 1", p),
            p => Assert.Contains("operator \"Near\" of key \"team\"", p, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GitHub", "secretRef is required for GitHub")]
    [InlineData("Teams", "Teams needs an address")]
    public void Validate_ProviderWithoutWhatItNeeds_SaysWhat(string type, string expected)
    {
        var problems = NotificationRules.Validate(Spec(type, address: null));

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, null, "web", true)]
    [InlineData("web,api", null, "web", true)]
    [InlineData("web,api", null, "db", false)]
    [InlineData("*", null, "db", true)]
    [InlineData(null, "team=shop", "web", true)]
    [InlineData(null, "team=other", "web", false)]
    [InlineData("web", "team=other", "web", false)]
    public void Selects_NamesAndLabels_BothMustMatch(string? names, string? matchLabel, string app, bool expected)
    {
        var spec = Spec();
        spec.Applications = new ApplicationSelection
        {
            Names = names?.Split(',').ToList(),
            Selector = matchLabel is null ? null : new LabelSelector { MatchLabels = new() { [matchLabel.Split('=')[0]] = matchLabel.Split('=')[1] } },
        };

        Assert.Equal(expected, NotificationRules.Selects(spec, app, new Dictionary<string, string> { ["team"] = "shop", ["tier"] = "web" }));
    }

    [Theory]
    [InlineData("In", "web,api", true)]
    [InlineData("NotIn", "web", false)]
    [InlineData("Exists", "", true)]
    [InlineData("DoesNotExist", "", false)]
    public void Selects_MatchExpressions_FollowKubernetesSemantics(string op, string values, bool expected)
    {
        var spec = Spec();
        spec.Applications = new ApplicationSelection
        {
            Selector = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "tier", Operator = op, Values = values.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList() }] },
        };

        Assert.Equal(expected, NotificationRules.Selects(spec, "x", new Dictionary<string, string> { ["tier"] = "web" }));
    }

    [Fact]
    public void Filter_RecoveryAndSyncTogether_SendOneRecoveredMessage()
    {
        var transitions = new[]
        {
            new AppTransition(NotificationEvent.Synced, Severity.Info, "c", "Synced", "Synced to c."),
            new AppTransition(NotificationEvent.Recovered, Severity.Info, "c", "Succeeded", "Recovered."),
        };

        Assert.Equal([NotificationEvent.Recovered], NotificationRules.Filter(Spec(), transitions).Select(t => t.Event));
        var syncsOnly = Spec();
        syncsOnly.Events = ["Synced"];
        Assert.Equal([NotificationEvent.Synced], NotificationRules.Filter(syncsOnly, transitions).Select(t => t.Event));
    }

    [Fact]
    public void Limit_Unset_IsThreeAtOnceThenOnePerMinute()
    {
        Assert.Equal((3, TimeSpan.FromMinutes(1)), NotificationRules.Limit(Spec()));
        var spec = Spec();
        spec.RateLimit = new RateLimit { Burst = 10, Interval = "5m" };
        Assert.Equal((10, TimeSpan.FromMinutes(5)), NotificationRules.Limit(spec));
    }
}
