using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Kubernetes;

public sealed partial class KubernetesClient
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Kubernetes {Verb} {Resource} answered {StatusCode}; retrying in {Delay}")]
        public static partial void RetryingAfterStatus(ILogger logger, string verb, string resource, int statusCode, TimeSpan delay);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Kubernetes {Verb} {Resource} failed ({Error}); retrying in {Delay}")]
        public static partial void RetryingAfterNetworkError(ILogger logger, string verb, string resource, string error, TimeSpan delay);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Kubernetes {Verb} {Resource} was refused with 401; refreshing credentials")]
        public static partial void CredentialsRejected(ILogger logger, string verb, string resource);

        [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Discovery of {GroupVersion} failed: {Error}")]
        public static partial void DiscoveryGroupVersionFailed(ILogger logger, string groupVersion, string error);
    }
}
