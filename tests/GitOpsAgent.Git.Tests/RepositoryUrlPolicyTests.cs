using GitOpsAgent.TestSupport;
using GitOpsAgent.Git.Tests.Infrastructure;

namespace GitOpsAgent.Git.Tests;

public sealed class RepositoryUrlPolicyTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _allowed;
    private readonly string _cache;

    public RepositoryUrlPolicyTests()
    {
        _allowed = Directory.CreateDirectory(Path.Combine(_temp.Path, "allowed")).FullName;
        _cache = Directory.CreateDirectory(Path.Combine(_temp.Path, "cache")).FullName;
    }

    public void Dispose() => _temp.Dispose();

    private RepositoryUrlPolicy Policy(params string[] allowed) => new(allowed, _cache);

    [Theory]
    [InlineData("https://github.com/example/config.git")]
    [InlineData("http://127.0.0.1:8080/repo")]
    [InlineData("ssh://git@example.com:2222/org/repo.git")]
    [InlineData("git@github.com:example/config.git")]
    [InlineData("git://127.0.0.1:9418/repo")]
    [InlineData("git+ssh://git@example.com/org/repo")]
    public void Check_RemoteUrl_IsAllowed(string url) => Policy().Check(url);

    [Theory]
    [InlineData("file:///srv/git/private.git")]
    [InlineData("/srv/git/private.git")]
    [InlineData("./private.git")]
    [InlineData("../private.git")]
    [InlineData("private.git")]
    public void Check_LocalRepositoryWithoutAnAllowList_IsRefused(string url)
    {
        var ex = Assert.Throws<GitSourceException>(() => Policy().Check(url));

        Assert.Equal(GitFailureReason.UrlNotAllowed, ex.Reason);
        Assert.False(ex.IsRetryable);
        Assert.Contains("--allow-local-repositories", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--upload-pack=touch /tmp/pwned", "starts with '-'")]
    [InlineData("-oProxyCommand=touch /tmp/pwned", "starts with '-'")]
    [InlineData("ext::sh -c touch% /tmp/pwned", "remote-helper transport")]
    [InlineData("fd::3", "remote-helper transport")]
    [InlineData("ftp://example.com/repo.git", "scheme \"ftp\"")]
    [InlineData("https://example.com/repo\nx", "control characters")]
    public void Check_UrlGitWouldMisread_IsRefused(string url, string why)
    {
        var ex = Assert.Throws<GitSourceException>(() => Policy(_allowed).Check(url));

        Assert.Equal(GitFailureReason.UrlNotAllowed, ex.Reason);
        Assert.Contains(why, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LocalRepositoryUnderAnAllowedDirectory_IsAllowedAsPathAndFileUrl()
    {
        var repo = Path.Combine(_allowed, "team", "repo.git");

        Policy(_allowed).Check(repo);
        Policy(_allowed).Check("file://" + repo);
    }

    [Fact]
    public void Check_LocalRepositoryBesideTheAllowedDirectory_IsRefused()
    {
        var ex = Assert.Throws<GitSourceException>(() => Policy(_allowed).Check("file://" + _allowed + "-other/repo.git"));

        Assert.Equal(GitFailureReason.UrlNotAllowed, ex.Reason);
    }

    [Fact]
    public void Check_IntoTheGitCacheEvenWhenItsParentIsAllowed_IsRefused()
    {
        var ex = Assert.Throws<GitSourceException>(() => Policy(_temp.Path).Check("file://" + Path.Combine(_cache, "mirrors", "github.com_team_private-abc")));

        Assert.Contains("controller's own Git cache", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AllowedDirectoryLinkIntoTheGitCache_IsRefused()
    {
        var link = Path.Combine(_allowed, "sneaky");
        Directory.CreateSymbolicLink(link, _cache);

        var ex = Assert.Throws<GitSourceException>(() => Policy(_allowed).Check(Path.Combine(link, "mirrors", "x")));

        Assert.Contains("controller's own Git cache", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UrlWithCredentials_NeverRepeatsThem()
    {
        var ex = Assert.Throws<GitSourceException>(() => Policy().Check("ftp://deployer:s3cr3t@example.com/repo.git"));

        Assert.DoesNotContain("s3cr3t", ex.Message, StringComparison.Ordinal);
    }
}
