using System.Diagnostics;

namespace GitOpsAgent.TestApiServer.Tests;

/// <summary>The server run on its own (Program.cs): it prints its address, writes a kubeconfig and stops on SIGTERM.</summary>
public sealed class StandaloneProgramTests
{
    [Fact]
    public async Task Program_WithKubeconfigOut_ServesAndStopsOnSigterm()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Assert.Skip("sends SIGTERM with the kill command");
        }

        var ct = TestContext.Current.CancellationToken;
        var dir = Directory.CreateTempSubdirectory("testapiserver-program-").FullName;
        var kubeconfig = Path.Combine(dir, "kubeconfig");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "GitOpsAgent.TestApiServer.dll"), "--port", "0", "--kubeconfig-out", kubeconfig })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            using var startup = CancellationTokenSource.CreateLinkedTokenSource(ct);
            startup.CancelAfter(TimeSpan.FromSeconds(30));
            var first = await process.StandardOutput.ReadLineAsync(startup.Token) ?? "";
            var address = first[(first.IndexOf("http", StringComparison.Ordinal))..].Trim();
            var second = await process.StandardOutput.ReadLineAsync(startup.Token) ?? "";

            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var version = await http.GetStringAsync("/version", ct);
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync(ct);
            using var exit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            exit.CancelAfter(TimeSpan.FromSeconds(15));
            await process.WaitForExitAsync(exit.Token);
            var rest = await process.StandardOutput.ReadToEndAsync(ct);

            Assert.StartsWith("test api server listening on http://127.0.0.1:", first, StringComparison.Ordinal);
            Assert.Contains(kubeconfig, second, StringComparison.Ordinal);
            Assert.Contains($"server: {address.TrimEnd('/')}", await File.ReadAllTextAsync(kubeconfig, ct), StringComparison.Ordinal);
            Assert.Contains("v1.32.0-testapiserver", version, StringComparison.Ordinal);
            Assert.Contains("stopping", rest, StringComparison.Ordinal);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            Directory.Delete(dir, recursive: true);
        }
    }
}
