namespace GitOpsAgent.Git;

/// <summary>
/// The environment one git process runs with: a private HOME, no prompts, and credentials handed over only through
/// this process's environment (HTTPS via GIT_ASKPASS) or a 0600 temp key file (SSH) that is deleted on dispose.
/// </summary>
internal sealed class GitAuthEnvironment : IDisposable
{
    public const string UsernameVariable = "GITOPSAGENT_GIT_USERNAME";
    public const string PasswordVariable = "GITOPSAGENT_GIT_PASSWORD";

    private readonly List<string> _tempFiles = [];

    private GitAuthEnvironment(Dictionary<string, string> variables) => Variables = variables;

    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <param name="connectTimeout">ssh ConnectTimeout (none when null).</param>
    /// <param name="silenceTimeout">How long ssh waits for a silent server (ServerAlive probes; none when null).</param>
    public static GitAuthEnvironment Create(GitCacheLayout layout, GitCredentials? credentials, TimeSpan? connectTimeout = null, TimeSpan? silenceTimeout = null)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOME"] = layout.HomeDirectory,
            ["XDG_CONFIG_HOME"] = layout.HomeDirectory,
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_ASKPASS"] = layout.AskPassScript,
            ["SSH_ASKPASS"] = layout.AskPassScript,
            ["LC_ALL"] = "C",
            // Without credentials the askpass script answers empty, so the server's refusal comes back as an auth error.
            [UsernameVariable] = credentials?.Username ?? "",
            [PasswordVariable] = credentials?.Password ?? "",
        };
        var environment = new GitAuthEnvironment(variables);
        variables["GIT_SSH_COMMAND"] = environment.SshCommand(layout, credentials, connectTimeout, silenceTimeout);
        return environment;
    }

    public void Dispose()
    {
        foreach (var file in _tempFiles)
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Scratch space is wiped on the next start anyway.
            }
        }
    }

    private string SshCommand(GitCacheLayout layout, GitCredentials? credentials, TimeSpan? connectTimeout, TimeSpan? silenceTimeout)
    {
        var command = "ssh -o BatchMode=yes";
        if (connectTimeout is { } connect)
            command += FormattableString.Invariant($" -o ConnectTimeout={Math.Max(1, (int)connect.TotalSeconds)}");
        if (silenceTimeout is { } silence)
            command += FormattableString.Invariant($" -o ServerAliveInterval={Math.Max(1, (int)silence.TotalSeconds / 3)} -o ServerAliveCountMax=3");
        if (credentials?.HasSshKey == true)
        {
            var key = credentials.SshPrivateKey!.ReplaceLineEndings("\n");
            command += $" -i {Quote(WritePrivate(layout, key.EndsWith('\n') ? key : key + "\n"))} -o IdentitiesOnly=yes";
        }

        if (credentials?.InsecureIgnoreHostKey == true)
            return command + " -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null";
        var knownHosts = WritePrivate(layout, credentials?.KnownHosts ?? "");
        return command + $" -o UserKnownHostsFile={Quote(knownHosts)} -o StrictHostKeyChecking=yes";
    }

    private string WritePrivate(GitCacheLayout layout, string content)
    {
        var path = Path.Combine(layout.ScratchDirectory, Guid.NewGuid().ToString("N"));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }

        _tempFiles.Add(path);
        return path;
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
