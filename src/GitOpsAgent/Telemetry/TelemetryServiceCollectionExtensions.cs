using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace GitOpsAgent.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GitOpsAgentMetrics"/>, the OpenTelemetry MeterProvider (our meter, the runtime's
    /// System.Runtime meter, the OpenTelemetry Prometheus exporter, and an OTLP exporter when configured), and a hosted
    /// service that starts the provider with the host.
    /// </summary>
    public static IServiceCollection AddGitOpsAgentTelemetry(this IServiceCollection services, TelemetryOptions options)
    {
        var otlpEndpoint = ParseOtlpEndpoint(options.OtlpEndpoint);
        var cacheMilliseconds = CacheMilliseconds(options.ScrapeCacheDuration);

        services.AddMetrics();
        services.AddSingleton(provider => new GitOpsAgentMetrics(provider.GetRequiredService<IMeterFactory>(), options.ClusterName));
        services.AddSingleton(provider =>
        {
            var meterFactory = provider.GetRequiredService<IMeterFactory>();
            var builder = Sdk.CreateMeterProviderBuilder()
                .AddMeter(GitOpsAgentMetrics.MeterName)
                .AddView(instrument => OwnedElsewhere(instrument, meterFactory) ? MetricStreamConfiguration.Drop : null)
                .AddRuntimeMetrics()
                .AddPrometheusExporter(exporter =>
                {
                    // The exposition stays the one dashboards and alerts were written against: no otel_scope_* labels
                    // on every series, and no target_info family (the pod's labels come from Kubernetes discovery).
                    exporter.ScopeInfoEnabled = false;
                    exporter.TargetInfoEnabled = false;
                    exporter.ScrapeResponseCacheDurationMilliseconds = cacheMilliseconds;
                });
            if (otlpEndpoint is not null)
            {
                builder.AddOtlpExporter(exporter => exporter.Endpoint = otlpEndpoint);
            }

            return builder.Build();
        });
        services.AddHostedService<MeterProviderStarter>();
        return services;
    }

    /// <summary>
    /// Serves GET <paramref name="path"/> through the exporter: OpenMetrics 1.0 when the scraper asks for it (Prometheus
    /// does first), else the text format 0.0.4; 503 with a reason when collection fails.
    /// </summary>
    public static IEndpointRouteBuilder MapGitOpsAgentMetrics(this IEndpointRouteBuilder endpoints, string path = "/metrics")
    {
        var services = endpoints.ServiceProvider;

        // Resolving both makes sure the provider listens even in a host that never ran the hosted service.
        var meterProvider = services.GetRequiredService<MeterProvider>();
        _ = services.GetRequiredService<GitOpsAgentMetrics>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MetricsScrapeFailure).FullName!);
        endpoints.MapPrometheusScrapingEndpoint(
            path,
            meterProvider,
            pipeline => pipeline.Use((context, next) => MetricsScrapeFailure.InvokeAsync(context, next, logger)),
            optionsName: null);
        return endpoints;
    }

    /// <summary>
    /// The SDK listens to every meter of a name in the process. Where several hosts share a process (tests, the demo),
    /// a provider that also read another host's GitOpsAgent meter would expose its series, and lose its own stream of an
    /// instrument when the other host disposed its meter; so each provider reads only its own container's meter.
    /// </summary>
    private static bool OwnedElsewhere(Instrument instrument, IMeterFactory meterFactory) =>
        instrument.Meter.Name == GitOpsAgentMetrics.MeterName && !ReferenceEquals(instrument.Meter.Scope, meterFactory);

    private static int CacheMilliseconds(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero, nameof(TelemetryOptions.ScrapeCacheDuration));
        return (int)Math.Min(int.MaxValue, duration.TotalMilliseconds);
    }

    private static Uri? ParseOtlpEndpoint(string? endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        return Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new ArgumentException($"The OTLP endpoint '{endpoint}' is not an absolute http(s) URL.", nameof(endpoint));
    }
}
