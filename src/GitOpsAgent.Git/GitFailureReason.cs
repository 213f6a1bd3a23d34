namespace GitOpsAgent.Git;

/// <summary>Why talking to a repository failed; the host maps each to a condition reason.</summary>
public enum GitFailureReason
{
    /// <summary>The branch, tag or commit does not exist in the repository.</summary>
    RevisionNotFound,

    /// <summary>The server refused the credentials, or credentials were needed and missing.</summary>
    AuthenticationFailed,

    /// <summary>The host could not be reached or the repository does not exist there.</summary>
    Unreachable,

    /// <summary>A git command ran past the configured timeout and was killed.</summary>
    Timeout,

    /// <summary>A path inside the checkout escapes it (absolute, "..", or a symlink pointing outside).</summary>
    InvalidPath,

    /// <summary>Any other git failure.</summary>
    CommandFailed,

    /// <summary>The repository URL is refused before git runs: a local repository outside the allow-list, an unsupported transport, or a URL git would read as an option.</summary>
    UrlNotAllowed,

    /// <summary>The server already has as many git requests in flight as allowed and none finished within the wait; retried later.</summary>
    ServerBusy,
}
