using GitOpsAgent.Telemetry.Prometheus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace GitOpsAgent.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GitOpsAgentMetrics"/>, the OpenTelemetry MeterProvider (our meter, the runtime's
    /// System.Runtime meter, the Prometheus pull reader, and an OTLP exporter when configured), the scrape handler,
    /// and a hosted service that starts the provider with the host.
    /// </summary>
    public static IServiceCollection AddGitOpsAgentTelemetry(this IServiceCollection services, TelemetryOptions options)
    {
        var otlpEndpoint = ParseOtlpEndpoint(options.OtlpEndpoint);

        services.AddMetrics();
        services.AddSingleton<GitOpsAgentMetrics>();
        services.AddSingleton(provider => new PrometheusPullReader(provider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton(provider =>
        {
            var builder = Sdk.CreateMeterProviderBuilder()
                .AddMeter(GitOpsAgentMetrics.MeterName)
                .AddRuntimeMetrics()
                .AddReader(provider.GetRequiredService<PrometheusPullReader>());
            if (otlpEndpoint is not null)
            {
                builder.AddOtlpExporter(exporter => exporter.Endpoint = otlpEndpoint);
            }

            return builder.Build();
        });
        services.AddSingleton<MetricsScrapeHandler>();
        services.AddHostedService<MeterProviderStarter>();
        return services;
    }

    /// <summary>Serves GET <paramref name="path"/> in the Prometheus text format (version 0.0.4).</summary>
    public static IEndpointRouteBuilder MapGitOpsAgentMetrics(this IEndpointRouteBuilder endpoints, string path = "/metrics")
    {
        endpoints.MapGet(path, (HttpContext context) =>
        {
            var services = context.RequestServices;

            // Resolving both makes sure the provider listens even in a host that never ran the hosted service.
            _ = services.GetRequiredService<MeterProvider>();
            _ = services.GetRequiredService<GitOpsAgentMetrics>();
            return services.GetRequiredService<MetricsScrapeHandler>().HandleAsync(context);
        });
        return endpoints;
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
