namespace GitOpsAgent.Git;

/// <summary>Starts git processes. Behind an interface so tests and benchmarks can count or fake invocations.</summary>
public interface IGitCommandRunner
{
    /// <summary>Runs git to completion, killing its whole process tree when <see cref="GitCommand.Timeout"/> passes.</summary>
    /// <exception cref="OperationCanceledException">When <paramref name="ct"/> is cancelled (the process is killed too).</exception>
    Task<GitCommandResult> RunAsync(GitCommand command, CancellationToken ct);
}
