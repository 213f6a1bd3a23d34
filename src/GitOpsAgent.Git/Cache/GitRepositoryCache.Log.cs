using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Git;

public sealed partial class GitRepositoryCache
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "ls-remote {Repo} returned {RefCount} refs")]
        public static partial void LsRemote(ILogger logger, string repo, int refCount);

        [LoggerMessage(EventId = 6002, Level = LogLevel.Debug, Message = "Resolved {Repo} {Revision} to {CommitSha}")]
        public static partial void Resolved(ILogger logger, string repo, string revision, string commitSha);

        [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Created mirror of {Repo} in {Directory}")]
        public static partial void MirrorCreated(ILogger logger, string repo, string directory);

        [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Checked out {Repo} {CommitSha} into {Directory}")]
        public static partial void CheckoutCreated(ILogger logger, string repo, string commitSha, string directory);

        [LoggerMessage(EventId = 6005, Level = LogLevel.Debug, Message = "Deleted idle checkout {Directory}")]
        public static partial void CheckoutEvicted(ILogger logger, string directory);

        [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "Could not delete checkout {Directory}")]
        public static partial void CheckoutEvictionFailed(ILogger logger, string directory, Exception exception);

        [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "{Repo} refused fetching {CommitSha} by SHA; fetching all branches and tags")]
        public static partial void ShaFetchRefused(ILogger logger, string repo, string commitSha);

        [LoggerMessage(EventId = 6008, Level = LogLevel.Warning, Message = "git {Operation} for {Repo} timed out after {Timeout}")]
        public static partial void CommandTimedOut(ILogger logger, string repo, string operation, TimeSpan timeout);

        [LoggerMessage(EventId = 6009, Level = LogLevel.Warning, Message = "git {Operation} for {Repo} failed ({Reason}): {Detail}")]
        public static partial void CommandFailed(ILogger logger, string repo, string operation, GitFailureReason reason, string detail);

        [LoggerMessage(EventId = 6010, Level = LogLevel.Debug, Message = "Forgot the cached refs of {Repo}")]
        public static partial void Invalidated(ILogger logger, string repo);
    }
}
