using GitOpsAgent.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Tests.Telemetry;

/// <summary>A real Kestrel host on 127.0.0.1 with a free port, serving /metrics and the probes as the agent does.</summary>
internal sealed class MetricsTestHost : IAsyncDisposable
{
    /// <summary>What Prometheus 2.x sends first: OpenMetrics preferred, the text format as a fallback.</summary>
    public const string PrometheusAccept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private readonly WebApplication app;
    private readonly HttpClient client;

    private MetricsTestHost(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        this.BaseAddress = baseAddress;
        this.Metrics = app.Services.GetRequiredService<GitOpsAgentMetrics>();
        this.client = this.CreateClient();
    }

    public Uri BaseAddress { get; }

    public GitOpsAgentMetrics Metrics { get; }

    public IServiceProvider Services => this.app.Services;

    public bool Healthy { get; set; } = true;

    public (bool Ready, string Detail) Readiness { get; set; } = (true, "");

    /// <summary>Starts a host; without options scrapes are not cached, so every scrape shows what was just recorded.</summary>
    public static async Task<MetricsTestHost> StartAsync(CancellationToken cancellationToken, TelemetryOptions? options = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddGitOpsAgentTelemetry(options ?? new TelemetryOptions { ScrapeCacheDuration = TimeSpan.Zero });
        var app = builder.Build();
        MetricsTestHost? host = null;
        app.MapGitOpsAgentMetrics();
        app.MapProbes(() => host!.Healthy, () => host!.Readiness);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        host = new MetricsTestHost(app, new Uri(address));
        return host;
    }

    public HttpClient CreateClient() => new() { BaseAddress = this.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>GET /metrics with the given Accept header (none: the text format); fails the test unless it answers 200.</summary>
    public async Task<string> ScrapeTextAsync(string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        using var response = await this.client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET /metrics answered {(int)response.StatusCode}: {body}");
        return body;
    }

    public async Task<Exposition> ScrapeAsync(string? accept = null) => Exposition.Parse(await this.ScrapeTextAsync(accept));

    public async ValueTask DisposeAsync()
    {
        this.client.Dispose();
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }
}
