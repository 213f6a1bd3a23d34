using GitOpsAgent.TestSupport;
using System.Diagnostics;
using GitOpsAgent.Git.Tests.Infrastructure;

namespace GitOpsAgent.Git.Tests.Abuse;

/// <summary>
/// A Git server that accepts connections and never answers, or never accepts them, must delay only its own
/// repositories: at most the per-server limit of requests hang on it (each cut by the low-speed or connect timeout,
/// long before the command timeout), the others fail fast as ServerBusy, and a healthy server is served meanwhile.
/// The command timeout here is far above every bound the tests assert, so passing means the fast limits did it.
/// </summary>
public sealed class HungGitServerTests : IAsyncLifetime
{
    private const string User = "deployer";
    private const string Secret = "s3cr3t-Pa55word";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private GitTestContext _context = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _context = await GitTestContext.StartAsync(User, Secret);

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private GitRepositoryCache Cache(int perServer = 2) => _context.Cache(configure: o => o with
    {
        CommandTimeout = CommandTimeout,
        ConnectTimeout = TimeSpan.FromSeconds(1),
        LowSpeedTime = TimeSpan.FromSeconds(3),
        MaxConcurrentRequestsPerServer = perServer,
        ServerQueueTimeout = TimeSpan.FromSeconds(1),
    });

    private static async Task<GitSourceException> FailureOf(Task task)
    {
        var ex = await Assert.ThrowsAsync<GitSourceException>(() => task.WaitAsync(Bound, Ct));
        return ex;
    }

    [Fact]
    public async Task Resolve_TenRepositoriesOnAServerThatNeverAnswers_TwoHangUntilTheLowSpeedCutAndEightFailFastAsServerBusy()
    {
        using var hung = new HungServer();
        var cache = Cache();
        var credentials = new GitCredentials(User, Secret);
        var clock = Stopwatch.StartNew();

        var failures = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => FailureOf(cache.ResolveAsync(hung.Url($"repo{i}"), "main", credentials, Ct))));

        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
        Assert.Equal(8, failures.Count(f => f.Reason == GitFailureReason.ServerBusy));
        Assert.Equal(2, failures.Count(f => f.Reason == GitFailureReason.Timeout));
        var server = new Uri(hung.Url("x")).Authority;
        Assert.All(failures, f => Assert.DoesNotContain(Secret, f.Message, StringComparison.Ordinal));
        Assert.All(failures.Where(f => f.Reason == GitFailureReason.ServerBusy), f =>
        {
            Assert.True(f.IsRetryable);
            Assert.Contains($"git server {server} is busy", f.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Resolve_HealthyServerWhileAHungServerHoldsAllItsSlots_IsAnsweredFirst()
    {
        using var hung = new HungServer();
        var repo = _context.Repository();
        var sha = repo.Commit("a.txt", "fine");
        var cache = Cache();
        var stuck = Enumerable.Range(0, 6).Select(i => cache.ResolveAsync(hung.Url($"repo{i}"), "main", null, Ct)).ToList();

        var healthy = await cache.ResolveAsync(_context.Server.Url(repo), "main", new GitCredentials(User, Secret), Ct).WaitAsync(Bound, Ct);
        var stuckStillRunning = stuck.Count(t => !t.IsCompleted);
        foreach (var task in stuck)
            await FailureOf(task);

        Assert.Equal(sha, healthy.CommitSha);
        Assert.True(stuckStillRunning > 0, "the hung requests should still be in flight when the healthy one is answered");
    }

    [Fact]
    public async Task Resolve_ServerThatNeverAcceptsTheConnection_FailsAfterTheConnectTimeout()
    {
        using var unconnectable = new UnconnectableServer();
        var cache = Cache();
        var clock = Stopwatch.StartNew();

        var failure = await FailureOf(cache.ResolveAsync($"http://127.0.0.1:{unconnectable.Port}/repo", "main", null, Ct));

        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
        Assert.Equal(GitFailureReason.Unreachable, failure.Reason);
        Assert.Contains($"git server 127.0.0.1:{unconnectable.Port} did not accept a connection within 1s", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_GitProtocolServerThatNeverAnswers_IsHeldToOneRequestAndTheOthersFailFast()
    {
        // git:// has no low-speed limit in git itself: the in-flight request waits for the command timeout (short here),
        // but the per-server limit still keeps the rest from waiting with it.
        using var hung = new HungServer();
        var port = new Uri(hung.Url("x")).Port;
        var cache = _context.Cache(configure: o => o with { CommandTimeout = TimeSpan.FromSeconds(5), MaxConcurrentRequestsPerServer = 1, ServerQueueTimeout = TimeSpan.FromSeconds(1) });

        var failures = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => FailureOf(cache.ResolveAsync($"git://127.0.0.1:{port}/repo{i}", "main", null, Ct))));

        Assert.Equal(3, failures.Count(f => f.Reason == GitFailureReason.ServerBusy));
        Assert.Equal(1, failures.Count(f => f.Reason == GitFailureReason.Timeout));
    }
}
