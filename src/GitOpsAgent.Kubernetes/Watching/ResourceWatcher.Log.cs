using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Kubernetes;

public sealed partial class ResourceWatcher
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "Watcher for {Kind} synced {Count} objects at resourceVersion {ResourceVersion}")]
        public static partial void Synced(ILogger logger, string kind, int count, string resourceVersion);

        [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Watcher for {Kind}: resourceVersion {ResourceVersion} expired (410); relisting")]
        public static partial void ResourceVersionExpired(ILogger logger, string kind, string resourceVersion);

        [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Watcher for {Kind} failed: {Error}; retrying in {Delay}")]
        public static partial void WatchFailed(ILogger logger, string kind, string error, TimeSpan delay);
    }
}
