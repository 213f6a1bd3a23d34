using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace GitOpsAgent.Telemetry;

/// <summary>
/// Builds the MeterProvider and the instruments when the host starts: measurements made before the SDK
/// listens are lost, so neither may wait for the first scrape.
/// </summary>
internal sealed class MeterProviderStarter(MeterProvider meterProvider, GitOpsAgentMetrics metrics) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(meterProvider);
        GC.KeepAlive(metrics);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
