using System.Net;

namespace GitOpsAgent.Tests.Telemetry;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task GetMetrics_OverKestrel_ServesTextFormat004WithRecordedSamples()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var host = await MetricsTestHost.StartAsync(cancellation);
        var ns = "ns-" + Guid.NewGuid().ToString("N")[..12];
        MetricSamples.RecordOneOfEach(host.Metrics, ns);
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative), cancellation);
        var text = await response.Content.ReadAsStringAsync(cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var exposition = Exposition.Parse(text);
        Assert.Contains(exposition.SamplesOf("gitopsagent_app_info"), sample => sample.Labels["namespace"] == ns);
        Assert.Contains(exposition.SamplesOf("gitopsagent_app_sync_total"), sample => sample.Labels["namespace"] == ns && sample.Value == "1");
    }

    [Fact]
    public async Task GetProbes_HealthyAndReady_Answer200Ok()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var host = await MetricsTestHost.StartAsync(cancellation);
        using var client = host.CreateClient();

        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative), cancellation);
        using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative), cancellation);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok", await health.Content.ReadAsStringAsync(cancellation));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ok", await ready.Content.ReadAsStringAsync(cancellation));
    }

    [Fact]
    public async Task GetProbes_UnhealthyAndNotReady_Answer503WithDetail()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var host = await MetricsTestHost.StartAsync(cancellation);
        host.Healthy = false;
        host.Readiness = (false, "informer cache not synced");
        using var client = host.CreateClient();

        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative), cancellation);
        using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative), cancellation);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("informer cache not synced", await ready.Content.ReadAsStringAsync(cancellation));
    }
}
