using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitOpsAgent.Telemetry;

/// <summary>Kubernetes liveness (/healthz) and readiness (/readyz) probes: 200 "ok", or 503 with the reason.</summary>
public static class ProbeEndpoints
{
    public static IEndpointRouteBuilder MapProbes(this IEndpointRouteBuilder endpoints, Func<bool> isHealthy, Func<(bool Ready, string Detail)> readiness)
    {
        endpoints.MapGet("/healthz", () => isHealthy()
            ? Results.Text("ok", "text/plain; charset=utf-8")
            : Results.Text("unhealthy", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable));
        endpoints.MapGet("/readyz", () =>
        {
            var (ready, detail) = readiness();
            return ready
                ? Results.Text("ok", "text/plain; charset=utf-8")
                : Results.Text(string.IsNullOrEmpty(detail) ? "not ready" : detail, "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }
}
