using System.Text.RegularExpressions;
using GitOpsAgent.Chart.Tests.Promql;

namespace GitOpsAgent.Chart.Tests;

public partial class PrometheusRuleTests
{
    private static string Template() => File.ReadAllText(RepositoryPaths.InChart("templates", "prometheusrule.yaml"));

    [Fact]
    public void Alerts_Names_AreTheDocumentedSix()
    {
        var names = AlertName().Matches(Template()).Select(m => m.Groups[1].Value);

        Assert.Equal(["GitOpsAgentAppNotReady", "GitOpsAgentReconcileErrors", "GitOpsAgentAppDegraded", "GitOpsAgentAppOutOfSync", "GitOpsAgentSyncFailures", "GitOpsAgentNotLeading"], names);
    }

    [Theory]
    [InlineData("GitOpsAgentAppNotReady", "10m")]
    [InlineData("GitOpsAgentAppDegraded", "10m")]
    [InlineData("GitOpsAgentAppOutOfSync", "30m")]
    [InlineData("GitOpsAgentNotLeading", "5m")]
    public void Alert_For_IsTheDocumentedDuration(string alert, string expected)
    {
        var block = AlertBlock(alert);

        Assert.Matches($@"(?m)^\s+for: {expected}\s*$", block);
    }

    [Fact]
    public void SyncFailures_Expression_CountsFailedAndErrorSyncsOverFifteenMinutes()
    {
        var expression = Expressions().Single(e => e.Alert == "GitOpsAgentSyncFailures").Expr;

        Assert.Contains("increase(gitopsagent_app_sync_total{phase=~\"Failed|Error\"}[15m])", expression, StringComparison.Ordinal);
        Assert.EndsWith("> 0", expression, StringComparison.Ordinal);
    }

    [Fact]
    public void AlertExpressions_UseOnlyKnownMetrics()
    {
        var expressions = Expressions();
        var unknown = expressions.SelectMany(e => PromqlMetricNames.Extract(e.Expr).Where(n => !KnownMetrics.All.Contains(n)).Select(n => $"{e.Alert}: {n}"));

        Assert.Equal(6, expressions.Count);
        Assert.Empty(unknown);
    }

    private static List<(string Alert, string Expr)> Expressions() =>
        AlertName().Matches(Template())
            .Select(m => m.Groups[1].Value)
            .Select(alert => (alert, Expr().Match(AlertBlock(alert)).Groups[1].Value.Trim()))
            .ToList();

    private static string AlertBlock(string alert)
    {
        var template = Template();
        var start = template.IndexOf($"- alert: {alert}", StringComparison.Ordinal);
        Assert.True(start >= 0, $"alert {alert} not found");
        var next = template.IndexOf("- alert: ", start + 1, StringComparison.Ordinal);
        return next < 0 ? template[start..] : template[start..next];
    }

    [GeneratedRegex(@"(?m)^\s+- alert: (\w+)\s*$")]
    private static partial Regex AlertName();

    [GeneratedRegex(@"(?m)^\s+expr: (.+)$")]
    private static partial Regex Expr();
}
