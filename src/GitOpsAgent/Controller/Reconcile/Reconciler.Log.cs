using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Controller.Reconcile;

public sealed partial class Reconciler
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Sync of {Application} at {Revision} started: {Steps} step(s)")]
        public static partial void SyncStarted(ILogger logger, AppKey application, string revision, int steps);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Sync of {Application} at {Revision} succeeded: {Summary}")]
        public static partial void SyncSucceeded(ILogger logger, AppKey application, string revision, string summary);

        [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Sync of {Application} at {Revision} ended {Phase}: {Message}")]
        public static partial void SyncFailed(ILogger logger, AppKey application, string revision, string phase, string message);

        [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Reconcile of {Application} failed ({Reason}): {Message}")]
        public static partial void ReconcileFailed(ILogger logger, AppKey application, string reason, string message);

        [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Unexpected error reconciling {Application} in stage {Stage}")]
        public static partial void UnexpectedError(ILogger logger, AppKey application, string stage, Exception exception);

        [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Drift detected in {Application}: {Objects}")]
        public static partial void DriftDetected(ILogger logger, AppKey application, string objects);

        [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Deleting the objects of {Application} before removing its finalizer: {Count} left")]
        public static partial void CascadeDeleting(ILogger logger, AppKey application, int count);

        [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Status of {Application} could not be written: {Error}")]
        public static partial void StatusWriteFailed(ILogger logger, AppKey application, string error);

        [LoggerMessage(EventId = 1009, Level = LogLevel.Error, Message = "Application {Application} cannot be read (is the CRD older than the controller?): {Error}")]
        public static partial void UnreadableApplication(ILogger logger, AppKey application, string error);

        [LoggerMessage(EventId = 1011, Level = LogLevel.Debug, Message = "{Application}: no input changed from {FromRevision} to {ToRevision} ({Changed} path(s) changed elsewhere in the repository); the last render stands")]
        public static partial void RenderReused(ILogger logger, AppKey application, string fromRevision, string toRevision, int changed);

        [LoggerMessage(EventId = 1050, Level = LogLevel.Warning, Message = "Application {Application} violates its policy in {Count} place(s), governed by {Policy}: nothing is applied")]
        public static partial void PolicyViolated(ILogger logger, AppKey application, int count, string policy);
    }
}
