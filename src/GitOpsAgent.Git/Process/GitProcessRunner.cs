using System.Diagnostics;

namespace GitOpsAgent.Git;

/// <summary>Runs the git CLI as a child process with a clean, explicit environment.</summary>
public sealed class GitProcessRunner(string gitExecutable, TimeProvider timeProvider) : IGitCommandRunner
{
    // Bounded wait for pipes to drain after a kill, so a stuck grandchild cannot hold us.
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);

    public async Task<GitCommandResult> RunAsync(GitCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var startInfo = new ProcessStartInfo(gitExecutable)
        {
            WorkingDirectory = command.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments)
            startInfo.ArgumentList.Add(argument);
        // Inherited GIT_DIR, GIT_INDEX_FILE, askpass helpers etc. would redirect or leak into our commands.
        foreach (var key in startInfo.Environment.Keys.Where(IsInheritedGitVariable).ToList())
            startInfo.Environment.Remove(key);
        foreach (var (key, value) in command.Environment)
            startInfo.Environment[key] = value;

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new GitSourceException(GitFailureReason.CommandFailed, $"The git executable '{gitExecutable}' could not be started: {ex.Message}", ex);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var timeout = new CancellationTokenSource(command.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, ct);
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            ct.ThrowIfCancellationRequested();
            return new GitCommandResult(-1, await Drain(stdout), await Drain(stderr), TimedOut: true);
        }

        return new GitCommandResult(process.ExitCode, await stdout, await stderr, TimedOut: false);
    }

    private static bool IsInheritedGitVariable(string name) =>
        name.StartsWith("GIT_", StringComparison.Ordinal) || name is "SSH_ASKPASS" or "SSH_AUTH_SOCK";

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited between the timeout and the kill.
        }
    }

    private static async Task<string> Drain(Task<string> output)
    {
        try
        {
            return await output.WaitAsync(DrainLimit);
        }
        catch (TimeoutException)
        {
            return "";
        }
    }
}
