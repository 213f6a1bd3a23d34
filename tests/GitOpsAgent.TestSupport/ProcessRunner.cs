using System.Diagnostics;
using System.Text;

namespace GitOpsAgent.TestSupport;

/// <summary>Runs a command to completion with a time limit, killing it (and only it) when the limit passes.</summary>
public static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, string? stdin, TimeSpan timeout, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return new Result(-1, await stdout, await stderr + $"\n(killed after {timeout})");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The full path of an executable on PATH, like `command -v`, or null.</summary>
    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin").Append("/usr/sbin"))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Runs and throws, naming the command and its stderr, unless it exits 0; returns stdout.</summary>
    public static async Task<string> SucceedAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var result = await RunAsync(fileName, arguments, null, timeout, workingDirectory: workingDirectory);
        return result.ExitCode == 0 ? result.Stdout : throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed: {Describe(result)}");
    }

    public static string Describe(Result result)
    {
        var text = new StringBuilder();
        text.Append("exit ").Append(result.ExitCode);
        if (result.Stdout.Length > 0)
        {
            text.Append("\nstdout:\n").Append(result.Stdout.Trim());
        }

        if (result.Stderr.Length > 0)
        {
            text.Append("\nstderr:\n").Append(result.Stderr.Trim());
        }

        return text.ToString();
    }
}
