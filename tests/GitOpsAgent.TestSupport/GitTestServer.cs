using System.Diagnostics;

namespace GitOpsAgent.TestSupport;

/// <summary>
/// A real Git server for tests: `git daemon` on 127.0.0.1, free port, serving every repository below a root over
/// git://, without the user's or system's git config. The root is a fresh temp folder (deleted on dispose) unless
/// the caller passes its own.
/// </summary>
public sealed class GitTestServer : IAsyncDisposable
{
    private readonly Process _daemon;
    private readonly bool _ownsRoot;

    private GitTestServer(string root, bool ownsRoot, int port, Process daemon)
    {
        Root = root;
        _ownsRoot = ownsRoot;
        Port = port;
        _daemon = daemon;
    }

    public string Root { get; }

    public int Port { get; }

    public static async Task<GitTestServer> StartAsync(string? root = null)
    {
        var ownsRoot = root is null;
        root ??= Directory.CreateTempSubdirectory("gitops-e2e-git-").FullName;
        for (var attempt = 0; ; attempt++)
        {
            var port = LoopbackPort.Free();
            var start = new ProcessStartInfo("git")
            {
                ArgumentList = { "daemon", "--export-all", "--reuseaddr", $"--base-path={root}", "--listen=127.0.0.1", $"--port={port}", root },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
            start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
            var daemon = Process.Start(start)!;
            if (await LoopbackPort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(10)))
            {
                return new GitTestServer(root, ownsRoot, port, daemon);
            }

            daemon.Kill(entireProcessTree: true);
            if (attempt >= 2)
            {
                throw new InvalidOperationException($"git daemon did not listen on 127.0.0.1:{port}: {await daemon.StandardError.ReadToEndAsync()}");
            }
        }
    }

    /// <summary>git://127.0.0.1:PORT/NAME for the repository <paramref name="name"/> below the root.</summary>
    public string Url(string name) => $"git://127.0.0.1:{Port}/{name}";

    /// <summary>A new repository with one commit holding <paramref name="files"/>.</summary>
    public async Task<GitTestRepository> CreateRepositoryAsync(string name, IReadOnlyDictionary<string, string> files)
    {
        var repo = new GitTestRepository(Path.Combine(Root, name), Url(name));
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
        if (_ownsRoot)
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        return ValueTask.CompletedTask;
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

    public Task<string> GitAsync(params string[] args) => ProcessRunner.SucceedAsync("git", args, TimeSpan.FromSeconds(30), Directory);
}
