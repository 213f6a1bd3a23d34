using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Controller;

public sealed partial class Reconciler
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Sync of {Application} at {Revision} started: {Steps} step(s)")]
        public static partial void SyncStarted(ILogger logger, AppKey application, string revision, int steps);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Sync of {Application} at {Revision} succeeded: {Summary}")]
        public static partial void SyncSucceeded(ILogger logger, AppKey application, string revision, string summary);

        [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Sync of {Application} at {Revision} failed ({Reason}): {Message}")]
        public static partial void SyncFailed(ILogger logger, AppKey application, string revision, string reason, string message);

        [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Source of {Application} failed ({Reason}): {Message}")]
        public static partial void SourceFailed(ILogger logger, AppKey application, string reason, string message);

        [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Rendering {Application} at {Revision} failed; the last synced state stays in effect: {Message}")]
        public static partial void RenderFailed(ILogger logger, AppKey application, string revision, string message);

        [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Drift detected in {Application}: {Objects}")]
        public static partial void DriftDetected(ILogger logger, AppKey application, string objects);

        [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Deleting the objects of {Application} before removing its finalizer: {Count} left")]
        public static partial void CascadeDeleting(ILogger logger, AppKey application, int count);

        [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Comparing {Application} failed (KindNotFound): {Message}")]
        public static partial void KindsNotFound(ILogger logger, AppKey application, string message);
    }
}
