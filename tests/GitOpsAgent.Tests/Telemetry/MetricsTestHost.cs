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
    private readonly WebApplication app;

    private MetricsTestHost(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        this.BaseAddress = baseAddress;
        this.Metrics = app.Services.GetRequiredService<GitOpsAgentMetrics>();
    }

    public Uri BaseAddress { get; }

    public GitOpsAgentMetrics Metrics { get; }

    public bool Healthy { get; set; } = true;

    public (bool Ready, string Detail) Readiness { get; set; } = (true, "");

    public static async Task<MetricsTestHost> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddGitOpsAgentTelemetry(new TelemetryOptions());
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

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }
}
