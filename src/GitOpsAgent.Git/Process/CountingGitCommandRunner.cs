using System.Collections.Concurrent;

namespace GitOpsAgent.Git;

/// <summary>
/// Decorator that counts git processes by subcommand (benchmarks and tests: how many ls-remote/fetch a reconcile cycle costs).
/// Wrap the real runner: <c>new GitRepositoryCache(options, logger, runner: new CountingGitCommandRunner(new GitProcessRunner("git", TimeProvider.System)))</c>.
/// </summary>
public sealed class CountingGitCommandRunner(IGitCommandRunner inner) : IGitCommandRunner
{
    private readonly ConcurrentDictionary<string, int> _bySubcommand = new(StringComparer.Ordinal);
    private int _started;

    /// <summary>Every git process started so far.</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>Processes started for one subcommand ("ls-remote", "fetch", "cat-file", "read-tree", ...).</summary>
    public int Count(string subcommand) => _bySubcommand.TryGetValue(subcommand, out var count) ? count : 0;

    public Task<GitCommandResult> RunAsync(GitCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        Interlocked.Increment(ref _started);
        _bySubcommand.AddOrUpdate(Subcommand(command.Arguments), 1, (_, count) => count + 1);
        return inner.RunAsync(command, ct);
    }

    // The first argument that is not a global option ("-c x=y", "--git-dir=...") is the subcommand.
    private static string Subcommand(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] == "-c")
                i++;
            else if (!arguments[i].StartsWith('-'))
                return arguments[i];
        }

        return "";
    }
}
