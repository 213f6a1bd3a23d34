namespace GitOpsAgent.Git.Tests;

public sealed class RepoUrlTests
{
    [Theory]
    [InlineData("https://github.com/org/repo")]
    [InlineData("https://github.com/org/repo.git")]
    [InlineData("https://github.com/org/repo/")]
    [InlineData("https://GitHub.com/org/repo.git")]
    [InlineData("https://user:token@github.com/org/repo.git")]
    [InlineData("https://github.com:443/org/repo")]
    [InlineData("http://github.com/org/repo")]
    [InlineData("ssh://git@github.com/org/repo.git")]
    [InlineData("ssh://git@github.com:22/org/repo.git")]
    [InlineData("git@github.com:org/repo.git")]
    [InlineData("git@GITHUB.COM:org/repo")]
    [InlineData("git://github.com/org/repo.git")]
    [InlineData("  https://github.com/org/repo.git  ")]
    public void Normalize_EveryFormOfOneRepository_GivesHostOrgRepo(string url) =>
        Assert.Equal("github.com/org/repo", RepoUrl.Normalize(url));

    [Fact]
    public void Normalize_PathCase_IsKept() =>
        Assert.Equal("gitlab.example.com/Group/Sub/Repo", RepoUrl.Normalize("https://gitlab.example.com/Group/Sub/Repo.git"));

    [Fact]
    public void Normalize_NonDefaultPort_IsKept() =>
        Assert.Equal("127.0.0.1:8080/repo", RepoUrl.Normalize("http://127.0.0.1:8080/repo"));

    [Theory]
    [InlineData("https://user:s3cret@github.com/org/repo.git", "https://github.com/org/repo.git")]
    [InlineData("https://token@github.com/org/repo.git", "https://github.com/org/repo.git")]
    [InlineData("https://github.com/org/repo.git?private_token=abc#x", "https://github.com/org/repo.git")]
    [InlineData("ssh://git@github.com/org/repo.git", "ssh://github.com/org/repo.git")]
    [InlineData("git@github.com:org/repo.git", "github.com:org/repo.git")]
    [InlineData("https://github.com/org/repo", "https://github.com/org/repo")]
    public void Redact_UrlWithUserInfo_StripsIt(string url, string expected) =>
        Assert.Equal(expected, RepoUrl.Redact(url));

    [Fact]
    public void UserInfo_EscapedPassword_IsDecoded() =>
        Assert.Equal(("me", "p@ss:word"), RepoUrl.UserInfo("https://me:p%40ss%3Aword@host/repo"));

    [Fact]
    public void UserInfo_NoUserInfo_ReturnsNulls() =>
        Assert.Equal((null, null), RepoUrl.UserInfo("https://host/repo"));
}
