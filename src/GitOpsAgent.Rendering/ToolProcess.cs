using System.Diagnostics;
using System.Text;

namespace GitOpsAgent.Rendering;

/// <summary>What a finished tool run printed.</summary>
internal sealed record ToolOutput(int ExitCode, byte[] Stdout, string Stderr);

/// <summary>Runs kustomize, kubectl or helm with an argument list (no shell), a time limit and an output limit; kills the whole process tree when either is hit.</summary>
internal static class ToolProcess
{
    private const int MaxStderrBytes = 64 * 1024;

    public static async Task<ToolOutput> RunAsync(
        string toolName, string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, long maxOutputBytes, CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new RenderException(
                toolName == "helm" ? RenderFailureReason.HelmNotAvailable : RenderFailureReason.KustomizeFailed,
                $"{toolName} could not be started ({fileName}): {ex.Message}",
                ex);
        }

        process.StandardInput.Close();
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutSource.CancelAfter(timeout);
        var stdoutTask = ReadLimitedAsync(process.StandardOutput.BaseStream, maxOutputBytes, keepReading: false, timeoutSource.Token);
        var stderrTask = ReadLimitedAsync(process.StandardError.BaseStream, MaxStderrBytes, keepReading: true, timeoutSource.Token);
        try
        {
            var stdout = await stdoutTask.ConfigureAwait(false);
            if (stdout.Truncated)
            {
                Kill(process);
                throw new RenderException(RenderFailureReason.OutputTooLarge, $"{toolName} printed more than {maxOutputBytes} bytes");
            }

            var stderr = await stderrTask.ConfigureAwait(false);
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
            return new ToolOutput(process.ExitCode, stdout.Bytes, Encoding.UTF8.GetString(stderr.Bytes));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Kill(process);
            throw new RenderException(RenderFailureReason.Timeout, $"{toolName} did not finish within {timeout.TotalSeconds:0.#}s and was stopped");
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }
    }

    /// <summary>Stderr made fit for a status message: trimmed and cut to a readable length.</summary>
    public static string Summarize(string stderr, int maxChars = 2000)
    {
        var trimmed = stderr.Trim();
        return trimmed.Length <= maxChars ? trimmed : trimmed[..maxChars] + " ...";
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    /// <summary>Reads up to <paramref name="limit"/> bytes; past it, stops (stdout) or drains and drops the rest (stderr, so the tool never blocks on a full pipe).</summary>
    private static async Task<(byte[] Bytes, bool Truncated)> ReadLimitedAsync(Stream stream, long limit, bool keepReading, CancellationToken ct)
    {
        var truncated = false;
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            if (buffer.Length + read > limit)
            {
                truncated = true;
                if (!keepReading)
                {
                    break;
                }

                buffer.Write(chunk, 0, (int)Math.Max(0, limit - buffer.Length));
                continue;
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), truncated);
    }
}
