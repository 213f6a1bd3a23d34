using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Kubernetes;

internal sealed partial class DiscoveryCache
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Discovery of {GroupVersion} failed: {Error}")]
        public static partial void GroupVersionFailed(ILogger logger, string groupVersion, string error);
    }
}
