using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GitOpsAgent.Git.Tests.Infrastructure;

/// <summary>`git daemon` serving a project root over git:// on 127.0.0.1.</summary>
public sealed class GitDaemon : IDisposable
{
    private readonly Process _process;

    private GitDaemon(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Url(TestRepository repository) => $"git://127.0.0.1:{Port}/{repository.Name}";

    public static async Task<GitDaemon> StartAsync(string projectRoot)
    {
        var port = FreePort();
        var startInfo = new ProcessStartInfo("git") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "daemon", "--export-all", "--reuseaddr", $"--base-path={projectRoot}", "--listen=127.0.0.1", $"--port={port}", projectRoot })
            startInfo.ArgumentList.Add(argument);
        startInfo.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        startInfo.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        var daemon = new GitDaemon(Process.Start(startInfo)!, port);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return daemon;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        daemon.Dispose();
        throw new InvalidOperationException("git daemon did not start listening within 5s");
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5_000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
