using System.Text.Json;

namespace GitOpsAgent.Tests.Telemetry;

public sealed class PrometheusScrapeTests
{
    private static readonly TimeSpan QueryLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RealPrometheus_ScrapesMetricsEndpoint_AppInfoSeriesHasExpectedLabels()
    {
        var tools = await PrometheusTools.EnsureAsync();
        if (tools.Prometheus is null)
        {
            Assert.Skip(tools.WhyUnavailable ?? "prometheus not found");
        }

        var cancellation = TestContext.Current.CancellationToken;
        await using var host = await MetricsTestHost.StartAsync(cancellation);
        var ns = "ns-" + Guid.NewGuid().ToString("N")[..12];
        MetricSamples.RecordOneOfEach(host.Metrics, ns);
        using var prometheus = PrometheusServer.Start(tools.Prometheus, host.BaseAddress);
        using var client = new HttpClient { BaseAddress = prometheus.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };

        var series = await WaitForSeriesAsync(client, prometheus, $"gitopsagent_app_info{{namespace=\"{ns}\"}}", cancellation);

        Assert.Equal("web", series.GetProperty("name").GetString());
        Assert.Equal("https://git.example.test/org/apps.git", series.GetProperty("repo").GetString());
        Assert.Equal("prod", series.GetProperty("dest_namespace").GetString());
        Assert.Equal("Synced", series.GetProperty("sync_status").GetString());
        Assert.Equal("Healthy", series.GetProperty("health_status").GetString());
        Assert.Equal("true", series.GetProperty("autosync").GetString());
        Assert.Equal("gitopsagent", series.GetProperty("job").GetString());

        // Prometheus' own parser must read back the escaped label value exactly.
        var odd = await WaitForSeriesAsync(client, prometheus, "gitopsagent_webhook_requests_total{result=\"rejected\"}", cancellation);
        Assert.Equal(MetricSamples.OddProvider, odd.GetProperty("provider").GetString());

        // Prometheus asks for OpenMetrics first; only that format carries UNIT, so a unit in its metadata shows it got it.
        var metadata = await client.GetStringAsync(new Uri("/api/v1/metadata?metric=gitopsagent_app_reconcile_duration_seconds", UriKind.Relative), cancellation);
        using var document = JsonDocument.Parse(metadata);
        var entry = document.RootElement.GetProperty("data").GetProperty("gitopsagent_app_reconcile_duration_seconds")[0];
        Assert.Equal("histogram", entry.GetProperty("type").GetString());
        Assert.Equal("seconds", entry.GetProperty("unit").GetString());
    }

    private static async Task<JsonElement> WaitForSeriesAsync(HttpClient client, PrometheusServer prometheus, string query, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + QueryLimit;
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(prometheus.HasExited, "prometheus exited early");
            try
            {
                var body = await client.GetStringAsync(new Uri("/api/v1/query?query=" + Uri.EscapeDataString(query), UriKind.Relative), cancellation);
                last = body;
                using var document = JsonDocument.Parse(body);
                var result = document.RootElement.GetProperty("data").GetProperty("result");
                if (result.GetArrayLength() > 0)
                {
                    return result[0].GetProperty("metric").Clone();
                }
            }
            catch (HttpRequestException error)
            {
                last = error.Message; // Prometheus is still starting.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellation);
        }

        Assert.Fail($"no series for {query} within {QueryLimit}; last answer: {last}");
        return default;
    }
}
