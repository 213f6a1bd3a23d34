namespace GitOpsAgent.Git;

/// <summary>One git invocation: arguments (never secrets), extra environment (where secrets may go), and a time limit.</summary>
public sealed record GitCommand(
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    TimeSpan Timeout);

/// <summary>What a finished (or killed) git process left behind.</summary>
public sealed record GitCommandResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
