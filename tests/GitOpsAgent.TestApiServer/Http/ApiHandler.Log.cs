using Microsoft.Extensions.Logging;

namespace GitOpsAgent.TestApiServer.Http;

public sealed partial class ApiHandler
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Method} {Path} ({Verb}) -> {Status}")]
        public static partial void Handled(ILogger logger, string method, string path, string verb, int status);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Injected fault into {Method} {Path}: status {Status}, dropped {Dropped}")]
        public static partial void FaultInjected(ILogger logger, string method, string path, int status, bool dropped);

        [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "{Method} {Path} ({Verb}) failed: {Code} {Reason}: {Message}")]
        public static partial void Failed(ILogger logger, string method, string path, string verb, int code, string reason, string message);
    }
}
