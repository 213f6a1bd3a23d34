using System.Text.RegularExpressions;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Tests.Telemetry;

public sealed partial class PromtoolTests
{
    [Fact]
    public async Task PromtoolCheckMetrics_TextFormatScrapeAfterEverySample_PassesWithoutWarnings()
    {
        var promtool = await PromtoolOrSkipAsync();
        await using var host = await MetricsTestHost.StartAsync(TestContext.Current.CancellationToken);
        MetricSamples.RecordOneOfEach(host.Metrics, "promtool");
        var scrape = await host.ScrapeTextAsync();

        var result = await ProcessRunner.RunAsync(promtool, ["check", "metrics"], scrape, TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0 && result.Stdout.Trim().Length == 0 && result.Stderr.Trim().Length == 0,
            "promtool check metrics: " + ProcessRunner.Describe(result));
    }

    /// <summary>
    /// promtool reads only the text format (prometheus/prometheus#8932): on OpenMetrics it parses every line, and its
    /// only objections may be the OpenMetrics counter and histogram series it cannot pair with their family
    /// (<c>x_total</c> and <c>x_created</c> under <c># TYPE x counter</c>). Anything else it says is a real fault.
    /// </summary>
    [Fact]
    public async Task PromtoolCheckMetrics_OpenMetricsScrape_ParsesAndObjectsOnlyToSeriesOfDeclaredFamilies()
    {
        var promtool = await PromtoolOrSkipAsync();
        await using var host = await MetricsTestHost.StartAsync(TestContext.Current.CancellationToken);
        MetricSamples.RecordOneOfEach(host.Metrics, "promtool");
        var scrape = await host.ScrapeTextAsync(MetricsTestHost.PrometheusAccept);
        var declared = TypeLine().Matches(scrape).ToDictionary(match => match.Groups["name"].Value, match => match.Groups["type"].Value, StringComparer.Ordinal);

        var result = await ProcessRunner.RunAsync(promtool, ["check", "metrics"], scrape, TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode is 0 or 3, "promtool could not parse the OpenMetrics scrape: " + ProcessRunner.Describe(result));
        Assert.Empty(result.Stdout.Trim());
        var objections = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.All(objections, objection =>
        {
            var match = OpenMetricsOnlyObjection().Match(objection);
            Assert.True(match.Success, "promtool: " + objection);
            Assert.True(declared.TryGetValue(match.Groups["family"].Value, out var type) && type is "counter" or "histogram", "promtool: " + objection);
        });
    }

    private static async Task<string> PromtoolOrSkipAsync()
    {
        var tools = await PrometheusTools.EnsureAsync();
        if (tools.Promtool is null)
        {
            Assert.Skip(tools.WhyUnavailable ?? "promtool not found");
        }

        return tools.Promtool;
    }

    [GeneratedRegex(@"^# TYPE (?<name>\S+) (?<type>\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^(?<family>\S+)_(total|created) no help text$")]
    private static partial Regex OpenMetricsOnlyObjection();
}
