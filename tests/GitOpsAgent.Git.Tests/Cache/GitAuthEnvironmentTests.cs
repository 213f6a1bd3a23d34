using GitOpsAgent.Git.Tests.Infrastructure;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Git.Tests.Cache;

public sealed class GitAuthEnvironmentTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly GitCacheLayout _layout;

    public GitAuthEnvironmentTests()
    {
        _layout = new GitCacheLayout(_root.Path);
        _layout.Prepare();
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Create_SshKey_WritesPrivateKeyFileUsedByStrictSshAndDeletesItOnDispose()
    {
        var credentials = new GitCredentials(SshPrivateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nsecret-key-material\n-----END OPENSSH PRIVATE KEY-----", KnownHosts: "example.com ssh-ed25519 AAAA");
        string keyFile;
        using (var environment = GitAuthEnvironment.Create(_layout, credentials))
        {
            var ssh = environment.Variables["GIT_SSH_COMMAND"];
            Assert.Contains("-o IdentitiesOnly=yes", ssh, StringComparison.Ordinal);
            Assert.Contains("-o StrictHostKeyChecking=yes", ssh, StringComparison.Ordinal);
            // Key material that cannot occur by chance in the command (its temp file names are hex: "abc" once did).
            Assert.DoesNotContain("secret-key-material", ssh, StringComparison.Ordinal);
            keyFile = ssh.Split(" -i '")[1].Split('\'')[0];
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            Assert.EndsWith("-----END OPENSSH PRIVATE KEY-----\n", File.ReadAllText(keyFile), StringComparison.Ordinal);
            Assert.Equal(2, Directory.GetFiles(_layout.ScratchDirectory).Length);
        }

        Assert.False(File.Exists(keyFile));
        Assert.Empty(Directory.GetFiles(_layout.ScratchDirectory));
    }

    [Fact]
    public void Create_InsecureIgnoreHostKey_DisablesHostKeyChecking()
    {
        using var environment = GitAuthEnvironment.Create(_layout, new GitCredentials(SshPrivateKey: "key", InsecureIgnoreHostKey: true));

        Assert.Contains("-o StrictHostKeyChecking=no", environment.Variables["GIT_SSH_COMMAND"], StringComparison.Ordinal);
    }

    [Fact]
    public void Create_HttpsCredentials_OnlyInEnvironmentWithPromptsOff()
    {
        using var environment = GitAuthEnvironment.Create(_layout, new GitCredentials("bot", "tok"));

        Assert.Equal("bot", environment.Variables[GitAuthEnvironment.UsernameVariable]);
        Assert.Equal("tok", environment.Variables[GitAuthEnvironment.PasswordVariable]);
        Assert.Equal("0", environment.Variables["GIT_TERMINAL_PROMPT"]);
        Assert.Equal("1", environment.Variables["GIT_CONFIG_NOSYSTEM"]);
        Assert.Equal(_layout.HomeDirectory, environment.Variables["HOME"]);
        Assert.DoesNotContain("tok", File.ReadAllText(_layout.AskPassScript), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Timeouts_GiveSshAConnectTimeoutAndServerAliveProbes()
    {
        using var environment = GitAuthEnvironment.Create(_layout, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));

        var ssh = environment.Variables["GIT_SSH_COMMAND"];
        Assert.Contains("-o ConnectTimeout=10", ssh, StringComparison.Ordinal);
        Assert.Contains("-o ServerAliveInterval=10 -o ServerAliveCountMax=3", ssh, StringComparison.Ordinal);
    }
}
