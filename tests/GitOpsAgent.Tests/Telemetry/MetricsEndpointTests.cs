using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

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
    public async Task GetMetrics_PrometheusAcceptHeader_ServesOpenMetricsWithTheSameFamilies()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var host = await MetricsTestHost.StartAsync(cancellation);
        var ns = "ns-" + Guid.NewGuid().ToString("N")[..12];
        MetricSamples.RecordOneOfEach(host.Metrics, ns);
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        request.Headers.Accept.ParseAdd(MetricsTestHost.PrometheusAccept);

        using var response = await client.SendAsync(request, cancellation);
        var text = await response.Content.ReadAsStringAsync(cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/openmetrics-text", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, parameter => parameter.Name == "version" && parameter.Value == "1.0.0");
        Assert.EndsWith("# EOF\n", text, StringComparison.Ordinal);
        var exposition = Exposition.Parse(text);
        Assert.Equal("counter", exposition.Types["gitopsagent_app_sync"]); // OpenMetrics names a counter family without _total...
        Assert.Contains(exposition.Samples, sample => sample.Name == "gitopsagent_app_sync_total" && sample.Labels["namespace"] == ns && sample.Value == "1"); // ...and its sample with it.
        Assert.Equal("gauge", exposition.Types["gitopsagent_app_info"]);
        Assert.Equal("histogram", exposition.Types["gitopsagent_app_reconcile_duration_seconds"]);
        Assert.Contains("# UNIT gitopsagent_app_reconcile_duration_seconds seconds\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("otel_scope_", text, StringComparison.Ordinal);
        Assert.DoesNotContain("target_info", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMetrics_TextFormat_HasNoScopeLabelsAndNoTargetInfo()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var host = await MetricsTestHost.StartAsync(cancellation);
        MetricSamples.RecordOneOfEach(host.Metrics, "scope");

        var text = await host.ScrapeTextAsync();

        Assert.DoesNotContain("otel_scope_", text, StringComparison.Ordinal);
        Assert.DoesNotContain("target_info", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMetrics_CollectionFails_Answers503WithAReason()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var host = await MetricsTestHost.StartAsync(cancellation);
        using var client = host.CreateClient();

        // A provider that was shut down cannot collect any more: the exporter's collection fails.
        host.Services.GetRequiredService<MeterProvider>().Dispose();
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative), cancellation);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("metrics collection failed; see the controller's log\n", await response.Content.ReadAsStringAsync(cancellation));
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
