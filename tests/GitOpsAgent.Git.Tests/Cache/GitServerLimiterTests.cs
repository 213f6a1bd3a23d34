using Microsoft.Extensions.Time.Testing;

namespace GitOpsAgent.Git.Tests.Cache;

public sealed class GitServerLimiterTests
{
    private static readonly GitServer Server = new("https", "git.example.com", 443);
    private static readonly GitServer Other = new("https", "other.example.com", 443);
    private readonly FakeTimeProvider _time = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnterAsync_ServerWhoseRequestsNeverFinish_FailsTheNextAsServerBusyAfterTheQueueTimeout()
    {
        var limiter = new GitServerLimiter(1, TimeSpan.FromSeconds(10), _time);
        using var held = await limiter.EnterAsync(Server, Ct);

        var waiting = limiter.EnterAsync(Server, Ct);
        _time.Advance(TimeSpan.FromSeconds(9));
        var stillWaiting = !waiting.IsCompleted;
        _time.Advance(TimeSpan.FromSeconds(1));
        var ex = await Assert.ThrowsAsync<GitSourceException>(() => waiting);

        Assert.True(stillWaiting);
        Assert.Equal(GitFailureReason.ServerBusy, ex.Reason);
        Assert.Contains("git server git.example.com:443 is busy", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnterAsync_BusyServerThatKeepsFinishingRequests_QueuesPastTheTimeoutWithoutFailing()
    {
        var limiter = new GitServerLimiter(1, TimeSpan.FromSeconds(10), _time);
        var first = await limiter.EnterAsync(Server, Ct);
        var second = limiter.EnterAsync(Server, Ct);
        var third = limiter.EnterAsync(Server, Ct);

        _time.Advance(TimeSpan.FromSeconds(8));
        first.Dispose();
        var secondSlot = await second;
        _time.Advance(TimeSpan.FromSeconds(8));
        secondSlot.Dispose();
        using var thirdSlot = await third;

        Assert.True(third.IsCompletedSuccessfully, "16s in the queue, but the server finished a request every 8s");
    }

    [Fact]
    public async Task EnterAsync_OneServerFull_LeavesAnotherServerFree()
    {
        var limiter = new GitServerLimiter(1, TimeSpan.FromSeconds(10), _time);
        using var held = await limiter.EnterAsync(Server, Ct);

        var other = limiter.EnterAsync(Other, Ct);

        Assert.True(other.IsCompletedSuccessfully);
        (await other).Dispose();
    }
}
