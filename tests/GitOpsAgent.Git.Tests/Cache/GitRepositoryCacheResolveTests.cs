using GitOpsAgent.Git.Tests.Infrastructure;
using GitOpsAgent.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsAgent.Git.Tests.Cache;

public sealed class GitRepositoryCacheResolveTests : IAsyncLifetime
{
    private GitTestContext _context = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _context = await GitTestContext.StartAsync();

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task ResolveAndCheckout_Branch_ReturnsHeadCommitWithItsFiles()
    {
        var repo = _context.Repository();
        var sha = repo.Commit(new Dictionary<string, string?> { ["apps/guestbook/deployment.yaml"] = "kind: Deployment\n", ["README.md"] = "hi" });
        var cache = _context.Cache();

        var resolved = await cache.ResolveAsync(_context.Server.Url(repo), "main", null, Ct);
        var checkout = await cache.CheckoutAsync(_context.Server.Url(repo), resolved.CommitSha, null, Ct);

        Assert.Equal(sha, resolved.CommitSha);
        Assert.Equal("main", resolved.Revision);
        Assert.Equal(sha, checkout.CommitSha);
        Assert.Equal("kind: Deployment\n", File.ReadAllText(Path.Combine(checkout.Directory, "apps/guestbook/deployment.yaml")));
        Assert.False(Directory.Exists(Path.Combine(checkout.Directory, ".git")));
    }

    [Theory]
    [InlineData("HEAD")]
    [InlineData("")]
    [InlineData("refs/heads/main")]
    public async Task Resolve_HeadEmptyOrFullRef_ReturnsBranchTip(string revision)
    {
        var repo = _context.Repository();
        var sha = repo.Commit("a.txt", "a");

        var resolved = await _context.Cache().ResolveAsync(_context.Server.Url(repo), revision, null, Ct);

        Assert.Equal(sha, resolved.CommitSha);
    }

    [Fact]
    public async Task Resolve_NewCommitAfterInvalidate_ReturnsNewCommit()
    {
        var repo = _context.Repository();
        var first = repo.Commit("a.txt", "one");
        var cache = _context.Cache();
        var url = _context.Server.Url(repo);
        Assert.Equal(first, (await cache.ResolveAsync(url, "main", null, Ct)).CommitSha);

        var second = repo.Commit("a.txt", "two");
        cache.Invalidate(url);
        var resolved = await cache.ResolveAsync(url, "main", null, Ct);
        var checkout = await cache.CheckoutAsync(url, resolved.CommitSha, null, Ct);

        Assert.Equal(second, resolved.CommitSha);
        Assert.Equal("two", File.ReadAllText(Path.Combine(checkout.Directory, "a.txt")));
    }

    [Fact]
    public async Task Resolve_WithinTtl_SharesOneLsRemoteThenAsksAgainAfterTtl()
    {
        var repo = _context.Repository();
        var first = repo.Commit("a.txt", "one");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var cache = _context.Cache(time, configure: o => o with { LsRemoteTtl = TimeSpan.FromSeconds(10) });
        var url = _context.Server.Url(repo);
        await cache.ResolveAsync(url, "main", null, Ct);
        var second = repo.Commit("a.txt", "two");

        var withinTtl = await cache.ResolveAsync(url, "main", null, Ct);
        time.Advance(TimeSpan.FromSeconds(11));
        var afterTtl = await cache.ResolveAsync(url, "main", null, Ct);

        Assert.Equal(first, withinTtl.CommitSha);
        Assert.Equal(second, afterTtl.CommitSha);
        Assert.Equal(2, _context.Server.Gets(repo));
    }

    [Fact]
    public async Task Resolve_UnchangedRemote_CostsOneLsRemoteAndNoFetch()
    {
        var repo = _context.Repository();
        var sha = repo.Commit("a.txt", "one");
        var observer = new RecordingObserver();
        var cache = _context.Cache(observer: observer);
        var url = _context.Server.Url(repo);
        await cache.CheckoutAsync(url, (await cache.ResolveAsync(url, "main", null, Ct)).CommitSha, null, Ct);
        var (getsBefore, postsBefore) = (_context.Server.Gets(repo), _context.Server.Posts(repo));
        var fetchesBefore = observer.Count("fetch");

        cache.Invalidate(url);
        var resolved = await cache.ResolveAsync(url, "main", null, Ct);
        var checkout = await cache.CheckoutAsync(url, resolved.CommitSha, null, Ct);

        Assert.Equal(sha, checkout.CommitSha);
        Assert.Equal(getsBefore + 1, _context.Server.Gets(repo));
        Assert.Equal(postsBefore, _context.Server.Posts(repo));
        Assert.Equal(fetchesBefore, observer.Count("fetch"));
        Assert.Equal(2, observer.Count("ls-remote"));
    }

    [Fact]
    public async Task ResolveAndCheckout_ForcePushedBranch_FollowsRewrittenHistory()
    {
        var repo = _context.Repository();
        var baseSha = repo.Commit("a.txt", "base");
        repo.Commit("a.txt", "abandoned");
        var cache = _context.Cache();
        var url = _context.Server.Url(repo);
        await cache.CheckoutAsync(url, (await cache.ResolveAsync(url, "main", null, Ct)).CommitSha, null, Ct);

        repo.ResetHard(baseSha);
        var rewritten = repo.Commit("a.txt", "rewritten");
        cache.Invalidate(url);
        var resolved = await cache.ResolveAsync(url, "main", null, Ct);
        var checkout = await cache.CheckoutAsync(url, resolved.CommitSha, null, Ct);

        Assert.Equal(rewritten, resolved.CommitSha);
        Assert.Equal("rewritten", File.ReadAllText(Path.Combine(checkout.Directory, "a.txt")));
    }

    [Fact]
    public async Task Resolve_AnnotatedTag_ReturnsTaggedCommitNotTagObject()
    {
        var repo = _context.Repository();
        var tagged = repo.Commit("a.txt", "v1");
        var tagObject = repo.AnnotatedTag("v1.0.0");
        repo.Commit("a.txt", "later");

        var resolved = await _context.Cache().ResolveAsync(_context.Server.Url(repo), "v1.0.0", null, Ct);

        Assert.NotEqual(tagObject, tagged);
        Assert.Equal(tagged, resolved.CommitSha);
    }

    [Fact]
    public async Task ResolveAndCheckout_LightweightTag_ReturnsTaggedCommit()
    {
        var repo = _context.Repository();
        var tagged = repo.Commit("a.txt", "v2");
        repo.LightweightTag("v2");
        repo.Commit("a.txt", "later");
        var cache = _context.Cache();
        var url = _context.Server.Url(repo);

        var resolved = await cache.ResolveAsync(url, "v2", null, Ct);
        var checkout = await cache.CheckoutAsync(url, resolved.CommitSha, null, Ct);

        Assert.Equal(tagged, resolved.CommitSha);
        Assert.Equal("v2", File.ReadAllText(Path.Combine(checkout.Directory, "a.txt")));
    }

    [Fact]
    public async Task Resolve_BranchAndTagWithSameName_PrefersBranch()
    {
        var repo = _context.Repository();
        repo.Commit("a.txt", "tagged");
        repo.LightweightTag("main");
        var tip = repo.Commit("a.txt", "tip");

        var resolved = await _context.Cache().ResolveAsync(_context.Server.Url(repo), "main", null, Ct);

        Assert.Equal(tip, resolved.CommitSha);
    }

    [Fact]
    public async Task Resolve_FullSha_ReturnedWithoutAskingTheServer()
    {
        var repo = _context.Repository();
        var sha = repo.Commit("a.txt", "a");

        var resolved = await _context.Cache().ResolveAsync(_context.Server.Url(repo), sha.ToUpperInvariant(), null, Ct);

        Assert.Equal(sha, resolved.CommitSha);
        Assert.Equal(0, _context.Server.Gets(repo));
    }

    [Fact]
    public async Task Resolve_ShortShaOfOlderCommit_ReturnsFullSha()
    {
        var repo = _context.Repository();
        var old = repo.Commit("a.txt", "old");
        repo.Commit("a.txt", "new");

        var resolved = await _context.Cache().ResolveAsync(_context.Server.Url(repo), old[..8], null, Ct);

        Assert.Equal(old, resolved.CommitSha);
    }

    [Theory]
    [InlineData("no-such-branch")]
    [InlineData("deadbeef")]
    public async Task Resolve_NonexistentRevision_ThrowsRevisionNotFoundNamingIt(string revision)
    {
        var repo = _context.Repository();
        repo.Commit("a.txt", "a");

        var error = await Assert.ThrowsAsync<GitSourceException>(() => _context.Cache().ResolveAsync(_context.Server.Url(repo), revision, null, Ct));

        Assert.Equal(GitFailureReason.RevisionNotFound, error.Reason);
        Assert.Contains(revision, error.Message, StringComparison.Ordinal);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_UnknownRepository_ThrowsUnreachable()
    {
        var error = await Assert.ThrowsAsync<GitSourceException>(
            () => _context.Cache().ResolveAsync(_context.Server.BaseUrl + "/missing", "main", null, Ct));

        Assert.Equal(GitFailureReason.Unreachable, error.Reason);
    }

    [Fact]
    public async Task ResolveAndCheckout_OverGitDaemon_Works()
    {
        var repo = _context.Repository("over-git-protocol");
        var sha = repo.Commit("a.txt", "daemon");
        await using var daemon = await GitTestServer.StartAsync(Path.GetDirectoryName(repo.Directory)!);
        var cache = _context.Cache();
        var url = daemon.Url(repo.Name);

        var resolved = await cache.ResolveAsync(url, "main", null, Ct);
        var checkout = await cache.CheckoutAsync(url, resolved.CommitSha, null, Ct);

        Assert.Equal(sha, resolved.CommitSha);
        Assert.Equal("daemon", File.ReadAllText(Path.Combine(checkout.Directory, "a.txt")));
    }
}
