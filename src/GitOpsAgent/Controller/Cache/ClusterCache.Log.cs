using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Controller.Cache;

public sealed partial class ClusterCache
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Watching {Kind} ({ApiVersion}) objects that carry the tracking label")]
        public static partial void StartedWatching(ILogger logger, string kind, string apiVersion);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Stopped watching {Kind} ({ApiVersion}): no Application manages it any more")]
        public static partial void StoppedWatching(ILogger logger, string kind, string apiVersion);
    }
}
