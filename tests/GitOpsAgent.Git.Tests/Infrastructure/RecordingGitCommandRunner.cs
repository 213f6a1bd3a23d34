using System.Collections.Concurrent;

namespace GitOpsAgent.Git.Tests.Infrastructure;

/// <summary>Wraps the real runner and keeps every argument list, so a test can check what git was asked to do.</summary>
public sealed class RecordingGitCommandRunner(IGitCommandRunner inner) : IGitCommandRunner
{
    private readonly ConcurrentQueue<IReadOnlyList<string>> _commands = new();

    public IReadOnlyList<IReadOnlyList<string>> Commands => [.. _commands];

    public Task<GitCommandResult> RunAsync(GitCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        _commands.Enqueue(command.Arguments);
        return inner.RunAsync(command, ct);
    }
}
