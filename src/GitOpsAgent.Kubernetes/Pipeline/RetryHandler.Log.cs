using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Kubernetes;

internal sealed partial class RetryHandler
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Kubernetes {Verb} {Resource} answered {StatusCode}; retrying in {Delay}")]
        public static partial void RetryingAfterStatus(ILogger logger, string verb, string resource, int statusCode, TimeSpan delay);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Kubernetes {Verb} {Resource} failed ({Error}); retrying in {Delay}")]
        public static partial void RetryingAfterNetworkError(ILogger logger, string verb, string resource, string error, TimeSpan delay);
    }
}
