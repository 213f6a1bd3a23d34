namespace GitOpsAgent.TestSupport;

/// <summary>
/// The real kubectl against one kubeconfig, with its own discovery cache (kubectl caches per host and port, and tests
/// reuse ports with other CRDs), each run bounded by a timeout.
/// </summary>
public sealed class Kubectl(string kubeconfig, string cacheDir)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The kubectl on PATH, or null.</summary>
    public static string? FindOnPath() => ProcessRunner.Find("kubectl");

    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var kubectl = FindOnPath() ?? throw new InvalidOperationException("kubectl is not on PATH");
        var result = await ProcessRunner.RunAsync(kubectl, [.. args, "--kubeconfig", kubeconfig, "--cache-dir", cacheDir, "--request-timeout", "20s"], null, Timeout);
        return (result.ExitCode, result.Stdout, result.Stderr);
    }

    /// <summary>Runs kubectl and throws, with its output, unless it exits 0; returns stdout.</summary>
    public async Task<string> SucceedAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(args);
        return exit == 0 ? stdout : throw new InvalidOperationException($"kubectl {string.Join(' ', args)} exited {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
    }
}
