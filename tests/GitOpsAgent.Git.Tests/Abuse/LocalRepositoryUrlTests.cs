using GitOpsAgent.TestSupport;
using GitOpsAgent.Git.Tests.Infrastructure;

namespace GitOpsAgent.Git.Tests.Abuse;

/// <summary>
/// An Application author names a local repository: the controller's own mirror of another team's private
/// repository (its folder is computable from the URL), or any path on the controller's disk. Refused before git
/// runs unless the controller was started with an allow-list; and git never reads a URL as an option.
/// </summary>
public sealed class LocalRepositoryUrlTests : IAsyncLifetime
{
    private const string User = "deployer";
    private const string Secret = "s3cr3t-Pa55word";
    private GitTestContext _context = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _context = await GitTestContext.StartAsync(User, Secret);

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task Resolve_FileUrlIntoTheMirrorOfAnotherTeamsPrivateRepository_IsRefusedBeforeGitRuns()
    {
        var repo = _context.Repository("private");
        repo.Commit("secret.yaml", "kind: Secret");
        var runner = new CountingGitCommandRunner(new GitProcessRunner("git", TimeProvider.System));
        var cache = _context.Cache(runner: runner);
        var privateUrl = _context.Server.Url(repo);
        var credentials = new GitCredentials(User, Secret);
        var sha = (await cache.ResolveAsync(privateUrl, "main", credentials, Ct)).CommitSha;
        await cache.CheckoutAsync(privateUrl, sha, credentials, Ct);
        var started = runner.Started;
        var mirror = "file://" + cache.MirrorDirectoryFor(privateUrl);

        var resolve = await Assert.ThrowsAsync<GitSourceException>(() => cache.ResolveAsync(mirror, "main", null, Ct));
        var checkout = await Assert.ThrowsAsync<GitSourceException>(() => cache.CheckoutAsync(mirror, sha, null, Ct));

        Assert.Equal(GitFailureReason.UrlNotAllowed, resolve.Reason);
        Assert.Equal(GitFailureReason.UrlNotAllowed, checkout.Reason);
        Assert.Equal(started, runner.Started);
    }

    [Fact]
    public async Task Resolve_MirrorPathWhenTheCachesParentIsAllowed_IsStillRefused()
    {
        var repo = _context.Repository("private");
        repo.Commit("secret.yaml", "kind: Secret");
        var cache = _context.Cache(configure: o => o with { AllowedLocalRepositoryRoots = [Path.GetDirectoryName(_context.CacheRoot)!] });
        var privateUrl = _context.Server.Url(repo);
        await cache.ResolveAsync(privateUrl, "main", new GitCredentials(User, Secret), Ct);
        await cache.CheckoutAsync(privateUrl, repo.Head(), new GitCredentials(User, Secret), Ct);

        var ex = await Assert.ThrowsAsync<GitSourceException>(() => cache.ResolveAsync(cache.MirrorDirectoryFor(privateUrl), "main", null, Ct));

        Assert.Equal(GitFailureReason.UrlNotAllowed, ex.Reason);
        Assert.Contains("controller's own Git cache", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAndCheckout_LocalRepositoryUnderAnAllowedDirectory_Works()
    {
        using var allowed = new TempDirectory("gitopsagent-allowed");
        var repo = new TestRepository(allowed.Path, "team");
        var sha = repo.Commit("app/cm.yaml", "kind: ConfigMap");
        var cache = _context.Cache(configure: o => o with { AllowedLocalRepositoryRoots = [allowed.Path] });
        var url = "file://" + repo.Directory;

        var resolved = await cache.ResolveAsync(url, "HEAD", null, Ct);
        var checkout = await cache.CheckoutAsync(url, resolved.CommitSha, null, Ct);

        Assert.Equal(sha, checkout.CommitSha);
        Assert.True(File.Exists(Path.Combine(checkout.Directory, "app", "cm.yaml")));
    }

    [Theory]
    [InlineData("--upload-pack=touch${IFS}/tmp/gitopsagent-pwned")]
    [InlineData("-u touch /tmp/gitopsagent-pwned")]
    public async Task Resolve_UrlThatGitWouldReadAsAnOption_IsRefusedBeforeGitRuns(string url)
    {
        var runner = new CountingGitCommandRunner(new GitProcessRunner("git", TimeProvider.System));
        var cache = _context.Cache(runner: runner);

        var ex = await Assert.ThrowsAsync<GitSourceException>(() => cache.ResolveAsync(url, "main", null, Ct));

        Assert.Equal(GitFailureReason.UrlNotAllowed, ex.Reason);
        Assert.Equal(0, runner.Started);
    }

    [Fact]
    public async Task ResolveAndCheckout_EveryRemoteCommand_SeparatesTheUrlWithDoubleDash()
    {
        var repo = _context.Repository();
        repo.Commit("a.txt", "x");
        var runner = new RecordingGitCommandRunner(new GitProcessRunner("git", TimeProvider.System));
        var cache = _context.Cache(runner: runner);
        var url = _context.Server.Url(repo);
        var credentials = new GitCredentials(User, Secret);

        var resolved = await cache.ResolveAsync(url, "main", credentials, Ct);
        await cache.CheckoutAsync(url, resolved.CommitSha, credentials, Ct);

        var withUrl = runner.Commands.Where(c => c.Contains(url)).ToList();
        Assert.Contains(withUrl, c => c.Contains("ls-remote"));
        Assert.Contains(withUrl, c => c.Contains("fetch"));
        Assert.All(withUrl, c => Assert.Contains("--", c.Take(c.ToList().IndexOf(url))));
    }
}
