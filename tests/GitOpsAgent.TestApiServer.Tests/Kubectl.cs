using System.Diagnostics;

namespace GitOpsAgent.TestApiServer.Tests;

/// <summary>Runs the real kubectl against a kubeconfig, with its own discovery cache, bounded by a timeout.</summary>
internal sealed class Kubectl(string kubeconfig, string cacheDir)
{
    public static string? FindOnPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists);

    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args.Concat(["--kubeconfig", kubeconfig, "--cache-dir", cacheDir, "--request-timeout", "20s"]))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, await stdout, await stderr + "\n(kubectl timed out after 30s)");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs kubectl and fails the test, with its output, unless it exits 0; returns stdout.</summary>
    public async Task<string> SucceedAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(args);
        Assert.True(exit == 0, $"kubectl {string.Join(' ', args)} exited {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        return stdout;
    }
}
