namespace GitOpsAgent.Git;

/// <summary>A git source failure with a reason. Its message is scrubbed: it never holds a password or a URL's userinfo.</summary>
public sealed class GitSourceException : Exception
{
    public GitSourceException(GitFailureReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public GitSourceException(GitFailureReason reason, string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public GitFailureReason Reason { get; }

    /// <summary>Whether trying again later can help (the remote may come back); a missing revision or a bad path will not fix itself.</summary>
    public bool IsRetryable => Reason is GitFailureReason.Unreachable or GitFailureReason.Timeout or GitFailureReason.CommandFailed or GitFailureReason.ServerBusy;
}
