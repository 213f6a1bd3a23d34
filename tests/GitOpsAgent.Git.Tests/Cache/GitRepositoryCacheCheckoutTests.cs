using GitOpsAgent.Git.Tests.Infrastructure;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Git.Tests.Cache;

public sealed class GitRepositoryCacheCheckoutTests : IAsyncLifetime
{
    private GitTestContext _context = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _context = await GitTestContext.StartAsync();

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task Checkout_TwoCommits_SeparateDirectoriesWithTheirOwnContent()
    {
        var repo = _context.Repository();
        var first = repo.Commit("a.txt", "one");
        var second = repo.Commit(new Dictionary<string, string?> { ["a.txt"] = "two", ["b.txt"] = "new" });
        var cache = _context.Cache();
        var url = _context.Server.Url(repo);

        var checkoutSecond = await cache.CheckoutAsync(url, second, null, Ct);
        var checkoutFirst = await cache.CheckoutAsync(url, first, null, Ct);

        Assert.NotEqual(checkoutFirst.Directory, checkoutSecond.Directory);
        Assert.Equal("one", File.ReadAllText(Path.Combine(checkoutFirst.Directory, "a.txt")));
        Assert.False(File.Exists(Path.Combine(checkoutFirst.Directory, "b.txt")));
        Assert.Equal("two", File.ReadAllText(Path.Combine(checkoutSecond.Directory, "a.txt")));
        Assert.True(File.Exists(Path.Combine(checkoutSecond.Directory, "b.txt")));
    }

    [Fact]
    public async Task ChangedPaths_BetweenTwoFetchedCommits_NamesEditedAddedAndDeletedPaths()
    {
        var repo = _context.Repository();
        var first = repo.Commit(new Dictionary<string, string?> { ["apps/one/cm.yaml"] = "one", ["apps/two/cm.yaml"] = "two", ["old.txt"] = "x" });
        var second = repo.Commit(new Dictionary<string, string?> { ["apps/one/cm.yaml"] = "changed", ["new dir/b.txt"] = "new", ["old.txt"] = null });
        var cache = _context.Cache();
        var url = _context.Server.Url(repo);
        await cache.CheckoutAsync(url, first, null, Ct);
        await cache.CheckoutAsync(url, second, null, Ct);

        var changed = await cache.ChangedPathsAsync(url, first, second, Ct);

        Assert.Equal(["apps/one/cm.yaml", "new dir/b.txt", "old.txt"], changed!.Order(StringComparer.Ordinal));
        Assert.Null(await cache.ChangedPathsAsync(url, first, new string('a', 40), Ct));
    }

    [Fact]
    public async Task ChangedPathsAndCommitInfo_AskedAgain_StartNoGitProcess()
    {
        var repo = _context.Repository();
        var first = repo.Commit("a.txt", "one");
        var second = repo.Commit("b.txt", "two");
        var runner = new CountingGitCommandRunner(new GitProcessRunner("git", TimeProvider.System));
        var cache = _context.Cache(runner: runner);
        var url = _context.Server.Url(repo);
        await cache.CheckoutAsync(url, first, null, Ct);
        var checkout = await cache.CheckoutAsync(url, second, null, Ct);
        var changed = await cache.ChangedPathsAsync(url, first, second, Ct);
        var commit = await cache.ReadCommitAsync(checkout, Ct);
        var started = runner.Started;

        // Every Application of a monorepo asks the same two questions about one push.
        Assert.Equal(changed, await cache.ChangedPathsAsync(url, first, second, Ct));
        Assert.Equal(commit, await cache.ReadCommitAsync(checkout, Ct));
        Assert.Equal(started, runner.Started);
        Assert.Equal(["b.txt"], changed);
    }

    [Fact]
    public async Task Checkout_SameCommitTwice_ReusesDirectoryWithoutGitProcesses()
    {
        var repo = _context.Repository();
        var sha = repo.Commit("a.txt", "one");
        var runner = new CountingGitCommandRunner(new GitProcessRunner("git", TimeProvider.System));
        var cache = _context.Cache(runner: runner);
        var url = _context.Server.Url(repo);
        var first = await cache.CheckoutAsync(url, sha, null, Ct);
        var startedAfterFirst = runner.Started;

        var second = await cache.CheckoutAsync(url, sha, null, Ct);

        Assert.Equal(first.Directory, second.Directory);
        Assert.Equal(startedAfterFirst, runner.Started);
    }

    [Fact]
    public async Task Checkout_ShaUnknownToServer_ThrowsRevisionNotFound()
    {
        var repo = _context.Repository();
        repo.Commit("a.txt", "one");

        var error = await Assert.ThrowsAsync<GitSourceException>(
            () => _context.Cache().CheckoutAsync(_context.Server.Url(repo), new string('a', 40), null, Ct));

        Assert.Equal(GitFailureReason.RevisionNotFound, error.Reason);
        Assert.Contains(new string('a', 40), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkout_ServerRefusesFetchBySha_FallsBackToFullFetch()
    {
        var repo = _context.Repository("no-sha-in-want", allowShaFetch: false);
        var old = repo.Commit("a.txt", "old");
        repo.Commit("a.txt", "new");
        var observer = new RecordingObserver();

        var checkout = await _context.Cache(observer: observer).CheckoutAsync(_context.Server.Url(repo), old, null, Ct);

        Assert.Equal("old", File.ReadAllText(Path.Combine(checkout.Directory, "a.txt")));
        Assert.Equal(2, observer.Count("fetch"));
        Assert.Equal([false, true], observer.Requests.Where(r => r.RequestType == "fetch").Select(r => r.Success));
    }

    [Fact]
    public async Task Checkout_ConcurrentCallersOnOneRepository_ShareOneLsRemoteAndOneFetch()
    {
        var repo = _context.Repository();
        var sha = repo.Commit("a.txt", "one");
        var runner = new CountingGitCommandRunner(new GitProcessRunner("git", TimeProvider.System));
        var cache = _context.Cache(runner: runner);
        var url = _context.Server.Url(repo);

        var callers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var resolved = await cache.ResolveAsync(url, "main", null, Ct);
            return await cache.CheckoutAsync(url, resolved.CommitSha, null, Ct);
        }, Ct));
        var checkouts = await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.All(checkouts, c => Assert.Equal(sha, c.CommitSha));
        Assert.Single(checkouts.Select(c => c.Directory).Distinct());
        Assert.Equal(1, runner.Count("ls-remote"));
        Assert.Equal(1, runner.Count("fetch"));
        Assert.Equal(2, _context.Server.Gets(repo));
    }

    [Fact]
    public async Task Checkout_BeyondMaxCheckouts_DeletesLeastRecentlyUsedIdleOne()
    {
        var repo = _context.Repository();
        var first = repo.Commit("a.txt", "one");
        var second = repo.Commit("a.txt", "two");
        var cache = _context.Cache(configure: o => o with { MaxCheckouts = 1, CheckoutMinimumIdle = TimeSpan.Zero });
        var url = _context.Server.Url(repo);

        var old = await cache.CheckoutAsync(url, first, null, Ct);
        var current = await cache.CheckoutAsync(url, second, null, Ct);

        Assert.False(Directory.Exists(old.Directory));
        Assert.True(File.Exists(Path.Combine(current.Directory, "a.txt")));
    }

    [Fact]
    public async Task Checkout_BeyondMaxCheckoutsButRecentlyUsed_KeepsBoth()
    {
        var repo = _context.Repository();
        var first = repo.Commit("a.txt", "one");
        var second = repo.Commit("a.txt", "two");
        var cache = _context.Cache(configure: o => o with { MaxCheckouts = 1, CheckoutMinimumIdle = TimeSpan.FromHours(1) });
        var url = _context.Server.Url(repo);

        var old = await cache.CheckoutAsync(url, first, null, Ct);
        await cache.CheckoutAsync(url, second, null, Ct);

        Assert.True(File.Exists(Path.Combine(old.Directory, "a.txt")));
    }

    [Fact]
    public async Task Checkout_RepositoryWithMaliciousHookConfig_RunsNoHooks()
    {
        var marker = Path.Combine(_context.CacheRoot, "hook-ran");
        var script = $"#!/bin/sh\ntouch '{marker}'\n";
        var repo = _context.Repository("hooked", allowShaFetch: false);
        // The served tree carries hook scripts, a filter and a submodule pointing at an ext:: command.
        repo.Commit(new Dictionary<string, string?>
        {
            ["hooks/post-checkout"] = script,
            [".githooks/post-checkout"] = script,
            [".gitattributes"] = "* filter=evil\n",
            [".gitmodules"] = $"[submodule \"evil\"]\n\tpath = evil\n\turl = ext::sh -c touch% {marker}\n",
        });
        var cache = _context.Cache();
        var url = _context.Server.Url(repo);
        var first = await cache.CheckoutAsync(url, repo.Head(), null, Ct);
        // A tampered mirror: hooks and an fsmonitor command that would run on fetch and checkout.
        var mirror = cache.MirrorDirectoryFor(url);
        foreach (var hook in new[] { "reference-transaction", "post-checkout", "post-index-change", "pre-auto-gc", "post-merge" })
        {
            var path = Path.Combine(mirror, "hooks", hook);
            File.WriteAllText(path, script);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        GitCli.Run(mirror, "config", "core.fsmonitor", Path.Combine(mirror, "hooks", "post-checkout"));

        var second = await cache.CheckoutAsync(url, repo.Commit("a.txt", "next"), null, Ct);

        Assert.True(File.Exists(Path.Combine(first.Directory, ".gitmodules")));
        Assert.Equal("next", File.ReadAllText(Path.Combine(second.Directory, "a.txt")));
        Assert.False(File.Exists(marker), "a hook, filter or fsmonitor command ran");
    }
}
