using System.Diagnostics;

namespace GitOpsAgent.EndToEnd.Contract;

/// <summary>The real kubectl, as the "other client" of contract cases (an Update by another field manager).</summary>
internal static class Kubectl
{
    /// <summary>Runs kubectl against <paramref name="kubeconfig"/>; null when kubectl is not on the PATH.</summary>
    public static async Task<string?> RunAsync(string kubeconfig, params string[] args)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode == 0 ? await stdout : throw new InvalidOperationException($"kubectl {string.Join(' ', args)} failed: {await stderr}");
        }
    }
}
