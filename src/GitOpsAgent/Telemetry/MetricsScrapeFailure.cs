using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Telemetry;

/// <summary>
/// Runs in front of the exporter's scrape middleware: the exporter answers a failed collection with a bare 500 and
/// no body; a scraper and the person reading its target page get 503 and a sentence instead.
/// </summary>
internal static partial class MetricsScrapeFailure
{
    public const string Message = "metrics collection failed; see the controller's log\n";

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next, ILogger logger)
    {
        await next(context);
        if (context.Response.StatusCode < StatusCodes.Status500InternalServerError || context.Response.HasStarted)
        {
            return;
        }

        Log.ScrapeFailed(logger, context.Response.StatusCode);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(Message, context.RequestAborted);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Metrics collection failed (the exporter answered {StatusCode}); answering the scrape with 503")]
        public static partial void ScrapeFailed(ILogger logger, int statusCode);
    }
}
