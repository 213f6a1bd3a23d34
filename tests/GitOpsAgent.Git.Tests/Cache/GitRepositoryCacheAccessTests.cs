using GitOpsAgent.TestSupport;
using GitOpsAgent.Git.Tests.Infrastructure;

namespace GitOpsAgent.Git.Tests.Cache;

public sealed class GitRepositoryCacheAccessTests : IAsyncLifetime
{
    private const string User = "deployer";
    private const string Secret = "s3cr3t-Pa55word";
    private GitTestContext _context = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _context = await GitTestContext.StartAsync(User, Secret);

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task ResolveAndCheckout_CorrectCredentials_SucceedsAndKeepsSecretOffDisk()
    {
        var repo = _context.Repository();
        var sha = repo.Commit("a.txt", "private");
        var cache = _context.Cache();
        var url = _context.Server.Url(repo);
        var credentials = new GitCredentials(User, Secret);

        var resolved = await cache.ResolveAsync(url, "main", credentials, Ct);
        var checkout = await cache.CheckoutAsync(url, resolved.CommitSha, credentials, Ct);

        Assert.Equal(sha, checkout.CommitSha);
        Assert.DoesNotContain(Secret, File.ReadAllText(Path.Combine(cache.MirrorDirectoryFor(url), "config")), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_context.CacheRoot, "scratch")));
    }

    [Fact]
    public async Task ResolveAndCheckout_CredentialsInUrl_UsedButNeverWrittenToMirrorConfig()
    {
        var repo = _context.Repository();
        var sha = repo.Commit("a.txt", "private");
        var observer = new RecordingObserver();
        var cache = _context.Cache(observer: observer);
        var url = _context.Server.Url(repo).Replace("http://", $"http://{User}:{Secret}@", StringComparison.Ordinal);

        var checkout = await cache.CheckoutAsync(url, (await cache.ResolveAsync(url, "main", null, Ct)).CommitSha, null, Ct);

        Assert.Equal(sha, checkout.CommitSha);
        var config = File.ReadAllText(Path.Combine(cache.MirrorDirectoryFor(url), "config"));
        Assert.DoesNotContain(Secret, config, StringComparison.Ordinal);
        Assert.Contains(_context.Server.Url(repo), config, StringComparison.Ordinal);
        Assert.All(observer.Requests, r => Assert.Equal(_context.Server.Url(repo), r.Repo));
    }

    [Fact]
    public async Task Resolve_WrongPassword_AuthenticationFailedWithoutSecretsInMessage()
    {
        var repo = _context.Repository();
        repo.Commit("a.txt", "private");
        const string wrong = "wrong-Pa55word-xyz";

        var error = await Assert.ThrowsAsync<GitSourceException>(
            () => _context.Cache().ResolveAsync(_context.Server.Url(repo), "main", new GitCredentials(User, wrong), Ct));

        Assert.Equal(GitFailureReason.AuthenticationFailed, error.Reason);
        Assert.DoesNotContain(wrong, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain($"{User}:{wrong}", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_WrongPasswordInUrl_AuthenticationFailedWithoutUserInfoInMessage()
    {
        var repo = _context.Repository();
        repo.Commit("a.txt", "private");
        const string wrong = "wrong-Pa55word-url";
        var url = _context.Server.Url(repo).Replace("http://", $"http://{User}:{wrong}@", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<GitSourceException>(() => _context.Cache().ResolveAsync(url, "main", null, Ct));

        Assert.Equal(GitFailureReason.AuthenticationFailed, error.Reason);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain($"{User}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_NoCredentials_AuthenticationFailed()
    {
        var repo = _context.Repository();
        repo.Commit("a.txt", "private");

        var error = await Assert.ThrowsAsync<GitSourceException>(() => _context.Cache().ResolveAsync(_context.Server.Url(repo), "main", null, Ct));

        Assert.Equal(GitFailureReason.AuthenticationFailed, error.Reason);
    }

    [Fact]
    public async Task ResolveAndCheckout_OtherCallerWithoutValidCredentials_GetsNothingFromTheCache()
    {
        var repo = _context.Repository();
        var sha = repo.Commit("a.txt", "private");
        var cache = _context.Cache();
        var url = _context.Server.Url(repo);
        var good = new GitCredentials(User, Secret);
        await cache.CheckoutAsync(url, (await cache.ResolveAsync(url, "main", good, Ct)).CommitSha, good, Ct);

        var resolveAnonymous = await Assert.ThrowsAsync<GitSourceException>(() => cache.ResolveAsync(url, "main", null, Ct));
        var checkoutAnonymous = await Assert.ThrowsAsync<GitSourceException>(() => cache.CheckoutAsync(url, sha, null, Ct));
        var checkoutWrong = await Assert.ThrowsAsync<GitSourceException>(() => cache.CheckoutAsync(url, sha, new GitCredentials(User, "nope"), Ct));
        var stillServed = await cache.CheckoutAsync(url, sha, good, Ct);

        Assert.Equal(GitFailureReason.AuthenticationFailed, resolveAnonymous.Reason);
        Assert.Equal(GitFailureReason.AuthenticationFailed, checkoutAnonymous.Reason);
        Assert.Equal(GitFailureReason.AuthenticationFailed, checkoutWrong.Reason);
        Assert.Equal(sha, stillServed.CommitSha);
    }

    [Fact]
    public async Task Resolve_HungServer_TimesOutWhileAnotherRepositoryStillWorks()
    {
        using var hung = new HungServer();
        var repo = _context.Repository();
        var sha = repo.Commit("a.txt", "fine");
        var cache = _context.Cache(configure: o => o with { CommandTimeout = TimeSpan.FromSeconds(3) });

        var stuck = cache.ResolveAsync(hung.Url("stuck"), "main", null, Ct);
        var healthy = await cache.ResolveAsync(_context.Server.Url(repo), "main", new GitCredentials(User, Secret), Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var stuckFinishedFirst = stuck.IsCompleted;
        var error = await Assert.ThrowsAsync<GitSourceException>(() => stuck.WaitAsync(TimeSpan.FromSeconds(30), Ct));

        Assert.Equal(sha, healthy.CommitSha);
        Assert.False(stuckFinishedFirst, "the healthy repository waited for the hung one");
        Assert.Equal(GitFailureReason.Timeout, error.Reason);
        Assert.Contains("3s", error.Message, StringComparison.Ordinal);
    }
}
