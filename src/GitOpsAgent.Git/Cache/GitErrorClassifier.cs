namespace GitOpsAgent.Git;

/// <summary>Maps git's stderr to a failure reason. git has no machine-readable errors; these phrases are stable across versions.</summary>
internal static class GitErrorClassifier
{
    private static readonly string[] AuthenticationPhrases =
    [
        "Authentication failed", "could not read Username", "could not read Password", "terminal prompts disabled",
        "Permission denied (publickey", "HTTP Basic: Access denied", "The requested URL returned error: 401",
        "The requested URL returned error: 403", "Invalid username or password", "Host key verification failed",
    ];

    private static readonly string[] UnreachablePhrases =
    [
        "Could not resolve host", "Connection refused", "Failed to connect", "Connection timed out", "Network is unreachable",
        "No route to host", "does not appear to be a git repository", "repository not found", "Repository not found",
        "The requested URL returned error: 404", "Could not read from remote repository", "unable to access",
        "Empty reply from server", "Connection reset", "fatal: repository '",
    ];

    // curl's low-speed abort (http.lowSpeedTime) and ssh's ServerAlive give-up: the server went silent.
    private static readonly string[] StalledPhrases = ["Operation too slow", "Operation timed out", "not responding"];

    private static readonly string[] MissingRevisionPhrases =
    [
        "not our ref", "unadvertised object", "couldn't find remote ref", "no such remote ref", "Needed a single revision",
        "not a valid object name", "bad object", "unknown revision",
    ];

    public static GitFailureReason Classify(string standardError)
    {
        if (Contains(standardError, AuthenticationPhrases))
            return GitFailureReason.AuthenticationFailed;
        if (Contains(standardError, MissingRevisionPhrases))
            return GitFailureReason.RevisionNotFound;
        if (Contains(standardError, StalledPhrases))
            return GitFailureReason.Timeout;
        if (Contains(standardError, UnreachablePhrases))
            return GitFailureReason.Unreachable;
        return GitFailureReason.CommandFailed;
    }

    /// <summary>The server refused to send a commit by SHA (no allow*SHA1InWant); a full fetch may still find it.</summary>
    public static bool IsShaFetchRefused(string standardError) => Contains(standardError, MissingRevisionPhrases);

    private static bool Contains(string text, string[] phrases) =>
        phrases.Any(phrase => text.Contains(phrase, StringComparison.OrdinalIgnoreCase));
}
