namespace GitOpsAgent.Git.Tests;

public sealed class GitCredentialsTests
{
    [Fact]
    public void FromSecretData_Token_BecomesPasswordWithGitUsername()
    {
        var credentials = GitCredentials.FromSecretData(new Dictionary<string, string> { ["token"] = "ghp_abc" });

        Assert.Equal("git", credentials.Username);
        Assert.Equal("ghp_abc", credentials.Password);
    }

    [Fact]
    public void FromSecretData_TokenWithUsername_KeepsUsername()
    {
        var credentials = GitCredentials.FromSecretData(new Dictionary<string, string> { ["token"] = "t", ["username"] = "bot" });

        Assert.Equal(("bot", "t"), (credentials.Username, credentials.Password));
    }

    [Fact]
    public void FromSecretData_SshFields_AreRead()
    {
        var credentials = GitCredentials.FromSecretData(new Dictionary<string, string>
        {
            ["sshPrivateKey"] = "-----BEGIN OPENSSH PRIVATE KEY-----",
            ["knownHosts"] = "github.com ssh-ed25519 AAAA",
            ["insecureIgnoreHostKey"] = "true",
        });

        Assert.True(credentials.HasSshKey);
        Assert.Equal("github.com ssh-ed25519 AAAA", credentials.KnownHosts);
        Assert.True(credentials.InsecureIgnoreHostKey);
        Assert.False(credentials.HasHttpsSecret);
    }

    [Fact]
    public void ToString_WithSecrets_PrintsNoneOfThem()
    {
        var credentials = new GitCredentials("user", "hunter2", "KEY-MATERIAL", "known", true);

        var text = credentials.ToString();

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("KEY-MATERIAL", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", $"{credentials}", StringComparison.Ordinal);
    }
}
