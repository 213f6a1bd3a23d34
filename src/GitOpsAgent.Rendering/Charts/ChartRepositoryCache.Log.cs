using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Rendering.Charts;

public sealed partial class ChartRepositoryCache
{
    [LoggerMessage(EventId = 8101, Level = LogLevel.Debug, Message = "Fetched the chart repository index {Url}: {Charts} charts (not modified: {NotModified})")]
    private static partial void LogIndexFetched(ILogger logger, string url, int charts, bool notModified);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Debug, Message = "Listed {Count} tags of {Repository}")]
    private static partial void LogTagsListed(ILogger logger, string repository, int count);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Information, Message = "Downloaded the chart archive {Url}: {Bytes} bytes, {Digest}")]
    private static partial void LogArchiveDownloaded(ILogger logger, string url, int bytes, string digest);

    [LoggerMessage(EventId = 8104, Level = LogLevel.Debug, Message = "Resolved {Chart} {Constraint} to {Version}")]
    private static partial void LogResolved(ILogger logger, ChartReference chart, Core.Applications.ChartVersionConstraint constraint, string version);
}
