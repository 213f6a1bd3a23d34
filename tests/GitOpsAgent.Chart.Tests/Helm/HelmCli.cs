using System.Diagnostics;

namespace GitOpsAgent.Chart.Tests.Helm;

/// <summary>Runs the helm binary found on PATH, if any, with a time limit.</summary>
public static class HelmCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Full path of helm on PATH, or null.</summary>
    public static string? Find()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "helm.exe" } : ["helm"];
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => names.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string helm, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(helm)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Keep helm away from the user's repositories and caches.
        var home = Path.Combine(Path.GetTempPath(), "gitops-agent-chart-tests-helm");
        start.Environment["HELM_CACHE_HOME"] = Path.Combine(home, "cache");
        start.Environment["HELM_CONFIG_HOME"] = Path.Combine(home, "config");
        start.Environment["HELM_DATA_HOME"] = Path.Combine(home, "data");

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {helm}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }
}
