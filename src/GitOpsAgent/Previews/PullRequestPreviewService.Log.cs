using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Previews;

public sealed partial class PullRequestPreviewService
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Preview of {Provider} {Repository}#{Number} posted: {Count} Application(s), exit {ExitCode}")]
        public static partial void Posted(ILogger logger, string provider, string repository, long number, int count, int exitCode);

        [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "Preview of {Provider} {Repository}#{Number} failed: {Error}")]
        public static partial void Failed(ILogger logger, string provider, string repository, long number, string error);

        [LoggerMessage(EventId = 9103, Level = LogLevel.Information, Message = "No Application sources from {Provider} {Repository} (#{Number}): no preview")]
        public static partial void NoApplications(ILogger logger, string provider, string repository, long number);
    }
}
