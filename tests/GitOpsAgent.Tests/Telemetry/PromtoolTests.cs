namespace GitOpsAgent.Tests.Telemetry;

public sealed class PromtoolTests
{
    [Fact]
    public async Task PromtoolCheckMetrics_ScrapeAfterEverySample_PassesWithoutWarnings()
    {
        var tools = await PrometheusTools.EnsureAsync();
        if (tools.Promtool is null)
        {
            Assert.Skip(tools.WhyUnavailable ?? "promtool not found");
        }

        var cancellation = TestContext.Current.CancellationToken;
        await using var host = await MetricsTestHost.StartAsync(cancellation);
        MetricSamples.RecordOneOfEach(host.Metrics, "promtool");
        using var client = host.CreateClient();
        var scrape = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellation);

        var result = await ProcessRunner.RunAsync(tools.Promtool, ["check", "metrics"], scrape, TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0 && result.Stdout.Trim().Length == 0 && result.Stderr.Trim().Length == 0,
            "promtool check metrics: " + ProcessRunner.Describe(result));
    }
}
