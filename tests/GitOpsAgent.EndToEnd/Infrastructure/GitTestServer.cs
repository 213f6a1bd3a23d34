using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GitOpsAgent.EndToEnd.Infrastructure;

/// <summary>A real Git server for tests: `git daemon` on 127.0.0.1 serving repositories from a temporary directory.</summary>
public sealed class GitTestServer : IAsyncDisposable
{
    private readonly Process _daemon;

    private GitTestServer(string root, int port, Process daemon)
    {
        Root = root;
        Port = port;
        _daemon = daemon;
    }

    public string Root { get; }

    public int Port { get; }

    public static async Task<GitTestServer> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("gitops-e2e-git-").FullName;
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("git")
            {
                ArgumentList = { "daemon", "--export-all", "--reuseaddr", $"--base-path={root}", "--listen=127.0.0.1", $"--port={port}", root },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            var daemon = Process.Start(start)!;
            if (await WaitForPortAsync(port, TimeSpan.FromSeconds(10)))
            {
                return new GitTestServer(root, port, daemon);
            }

            daemon.Kill(entireProcessTree: true);
            if (attempt >= 2)
            {
                throw new InvalidOperationException($"git daemon did not listen on 127.0.0.1:{port}: {await daemon.StandardError.ReadToEndAsync()}");
            }
        }
    }

    /// <summary>A new repository with one commit holding <paramref name="files"/>.</summary>
    public async Task<GitTestRepository> CreateRepositoryAsync(string name, IReadOnlyDictionary<string, string> files)
    {
        var repo = new GitTestRepository(Path.Combine(Root, name), $"git://127.0.0.1:{Port}/{name}");
        await repo.InitAsync();
        foreach (var (path, content) in files)
        {
            repo.WriteFile(path, content);
        }

        await repo.CommitAsync("initial commit");
        return repo;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            _daemon.Kill(entireProcessTree: true);
            _daemon.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        _daemon.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        return false;
    }
}

/// <summary>A working repository that the Git server serves; tests write files, commit, force-push-like rewrite.</summary>
public sealed class GitTestRepository(string directory, string url)
{
    public string Directory { get; } = directory;

    /// <summary>The URL Applications use (git://127.0.0.1:PORT/NAME).</summary>
    public string Url { get; } = url;

    public async Task InitAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        await GitAsync("init", "--quiet", "--initial-branch=main");
    }

    public void WriteFile(string path, string content)
    {
        var full = Path.Combine(Directory, path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public void DeleteFile(string path) => File.Delete(Path.Combine(Directory, path));

    /// <summary>Commits everything and returns the full SHA.</summary>
    public async Task<string> CommitAsync(string message)
    {
        await GitAsync("add", "--all");
        await GitAsync("-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "commit", "--quiet", "--allow-empty", "-m", message);
        return (await GitAsync("rev-parse", "HEAD")).Trim();
    }

    public async Task<string> HeadAsync() => (await GitAsync("rev-parse", "HEAD")).Trim();

    public async Task<string> GitAsync(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {await stderr}");
        }

        return await stdout;
    }
}
