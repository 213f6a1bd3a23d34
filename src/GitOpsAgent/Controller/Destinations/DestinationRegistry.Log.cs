using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Controller.Destinations;

public sealed partial class DestinationRegistry
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Connected to remote destination {Destination}")]
        public static partial void Connected(ILogger logger, string destination);

        [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "Closed remote destination {Destination}: no Application targets it any more")]
        public static partial void Disposed(ILogger logger, string destination);
    }
}
