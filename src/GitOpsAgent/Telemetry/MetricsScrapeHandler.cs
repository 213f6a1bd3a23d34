using GitOpsAgent.Telemetry.Prometheus;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Telemetry;

/// <summary>Answers a Prometheus scrape with the current exposition, or 503 when the SDK cannot collect.</summary>
internal sealed partial class MetricsScrapeHandler(PrometheusPullReader reader, ILogger<MetricsScrapeHandler> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var exposition = reader.Scrape();
        if (exposition is null)
        {
            Log.ScrapeFailed(logger);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("metrics collection failed\n", context.RequestAborted);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = PrometheusTextFormat.ContentType;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentLength = exposition.Length;
        await context.Response.Body.WriteAsync(exposition, context.RequestAborted);
    }
}
