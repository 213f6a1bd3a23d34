using System.Text;
using GitOpsAgent.Telemetry;
using GitOpsAgent.Telemetry.Prometheus;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace GitOpsAgent.Tests.Telemetry;

/// <summary>The telemetry services on their own, with a hand-moved clock; scrapes go straight to the reader.</summary>
internal sealed class TelemetryTestServices : IDisposable
{
    private readonly ServiceProvider provider;

    public TelemetryTestServices(TelemetryOptions? options = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(this.Clock);
        services.AddGitOpsAgentTelemetry(options ?? new TelemetryOptions());
        this.provider = services.BuildServiceProvider();
        _ = this.provider.GetRequiredService<MeterProvider>();
        this.Metrics = this.provider.GetRequiredService<GitOpsAgentMetrics>();
    }

    public ManualTimeProvider Clock { get; } = new();

    public GitOpsAgentMetrics Metrics { get; }

    /// <summary>A fresh scrape: moves the clock past the cache first.</summary>
    public Exposition Scrape()
    {
        this.Clock.Advance(PrometheusPullReader.CacheDuration);
        return Exposition.Parse(this.ScrapeText());
    }

    public string ScrapeText()
    {
        var bytes = this.provider.GetRequiredService<PrometheusPullReader>().Scrape();
        Assert.NotNull(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    public void Dispose() => this.provider.Dispose();
}
