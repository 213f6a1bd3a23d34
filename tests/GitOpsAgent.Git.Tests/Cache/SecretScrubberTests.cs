namespace GitOpsAgent.Git.Tests.Cache;

public sealed class SecretScrubberTests
{
    [Fact]
    public void Scrub_UrlUserInfoAndPassword_AreRemoved()
    {
        const string text = "fatal: Authentication failed for 'https://bob:hunter2@example.com/repo/' (password hunter2)";

        var scrubbed = SecretScrubber.Scrub(text, new GitCredentials("bob", "hunter2"));

        Assert.Equal("fatal: Authentication failed for 'https://example.com/repo/' (password ***)", scrubbed);
    }

    [Fact]
    public void Scrub_NoCredentials_StillStripsUserInfo() =>
        Assert.Equal("see ssh://example.com/x", SecretScrubber.Scrub("see ssh://git@example.com/x", null));
}
