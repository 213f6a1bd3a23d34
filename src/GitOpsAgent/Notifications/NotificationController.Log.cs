using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Notifications;

public sealed partial class NotificationController
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 9301, Level = LogLevel.Information, Message = "The Notification CRD is not installed; notifications are off until it is (checked again in 5 minutes)")]
        public static partial void NotInstalled(ILogger logger);

        [LoggerMessage(EventId = 9302, Level = LogLevel.Information, Message = "Notification {Notification} sent {Event} of {Application} through {Provider}")]
        public static partial void Delivered(ILogger logger, string notification, string provider, Core.Notifications.NotificationEvent @event, string application);

        [LoggerMessage(EventId = 9303, Level = LogLevel.Warning, Message = "Notification {Notification} could not send {Event} of {Application} through {Provider}: {Error}")]
        public static partial void DeliveryFailed(ILogger logger, string notification, string provider, Core.Notifications.NotificationEvent @event, string application, string error);

        [LoggerMessage(EventId = 9304, Level = LogLevel.Warning, Message = "Notification {Notification} cannot be used ({Reason}): {Detail}")]
        public static partial void Unavailable(ILogger logger, string notification, string reason, string detail);

        [LoggerMessage(EventId = 9305, Level = LogLevel.Warning, Message = "Notification {Notification} could not be read: {Error}")]
        public static partial void Unreadable(ILogger logger, string notification, string error);

        [LoggerMessage(EventId = 9306, Level = LogLevel.Warning, Message = "Could not write the status of Notification {Notification}: {Error}")]
        public static partial void StatusWriteFailed(ILogger logger, string notification, string error);
    }
}
