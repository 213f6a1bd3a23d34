using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Telemetry;

internal sealed partial class MetricsScrapeHandler
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Metrics collection failed; answering the scrape with 503")]
        public static partial void ScrapeFailed(ILogger logger);
    }
}
