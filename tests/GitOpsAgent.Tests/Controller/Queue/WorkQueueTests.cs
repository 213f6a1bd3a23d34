using GitOpsAgent.Controller;
using GitOpsAgent.Controller.Queue;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Tests.Controller.Queue;

public sealed class WorkQueueTests
{
    private static readonly TimeSpan Brief = TimeSpan.FromMilliseconds(100);

    private readonly TimerCountingTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Add_KeyAlreadyQueued_IsQueuedOnce()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");

        Assert.Equal(2, queue.Depth);
        Assert.Equal("a", await queue.TakeAsync(TestContext.Current.CancellationToken));
        Assert.Equal("b", await queue.TakeAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, queue.Depth);
        Assert.False(await TryTakeAsync(queue));
    }

    [Fact]
    public async Task Add_KeyWhileItIsProcessing_IsNotHandedToASecondWorker_AndIsRequeuedAfterDone()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        var key = await queue.TakeAsync(TestContext.Current.CancellationToken);

        queue.Add("a");
        var first = TakeWithin(queue);
        var second = TakeWithin(queue);
        await Task.Delay(Brief, TestContext.Current.CancellationToken);

        Assert.False(first.IsCompleted || second.IsCompleted, "a key being processed was handed out again");
        Assert.Equal(0, queue.Depth);

        queue.Done(key);

        var winner = await Task.WhenAny(first, second);
        Assert.Equal("a", await winner);
        var loser = winner == first ? second : first;
        await Task.Delay(Brief, TestContext.Current.CancellationToken);
        Assert.False(loser.IsCompleted, "the re-queued key was handed to both workers");
        queue.ShutDown();
    }

    [Fact]
    public async Task Done_KeyNotAddedWhileProcessing_IsNotRequeued()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.Add("a");
        queue.Done(await queue.TakeAsync(TestContext.Current.CancellationToken));

        Assert.Equal(0, queue.Depth);
        Assert.False(await TryTakeAsync(queue));
    }

    [Fact]
    public async Task AddAfter_FiresAtTheDueTimeAndNotBefore()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(10), queue.DueAt("a"));
        _time.Advance(TimeSpan.FromSeconds(9.999));
        Assert.Equal(0, queue.Depth);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Depth);
        Assert.Equal("a", await queue.TakeAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void AddAfter_EarlierDelay_WinsOverALaterOne()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.AddAfter("a", TimeSpan.FromSeconds(30));
        queue.AddAfter("a", TimeSpan.FromSeconds(5));
        queue.AddAfter("a", TimeSpan.FromSeconds(20));

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(5), queue.DueAt("a"));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, queue.Depth);
        Assert.Equal(0, _time.ActiveTimers);
    }

    [Fact]
    public async Task Add_CancelsAPendingDelayedAdd()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));

        queue.Add("a");
        Assert.Equal(0, _time.ActiveTimers);
        Assert.Equal("a", await queue.TakeAsync(TestContext.Current.CancellationToken));
        queue.Done("a");

        _time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(0, queue.Depth);
        Assert.Null(queue.DueAt("a"));
    }

    [Fact]
    public async Task Forget_CancelsDelayedAndWhileProcessingAdds()
    {
        using var queue = new WorkQueue<string>(_time);
        queue.AddAfter("delayed", TimeSpan.FromSeconds(10));
        queue.Add("busy");
        var busy = await queue.TakeAsync(TestContext.Current.CancellationToken);
        queue.Add("busy");

        queue.Forget("delayed");
        queue.Forget("busy");
        queue.Done(busy);
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, queue.Depth);
        Assert.Null(queue.DueAt("delayed"));
        Assert.False(await TryTakeAsync(queue));
    }

    [Fact]
    public async Task ShutDown_EndsWaitingTakeAsync_AndIgnoresLaterAdds()
    {
        var queue = new WorkQueue<string>(_time);
        var waiting = queue.TakeAsync(TestContext.Current.CancellationToken).AsTask();
        queue.AddAfter("later", TimeSpan.FromSeconds(1));

        queue.ShutDown();

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        queue.Add("a");
        Assert.Equal(0, queue.Depth);
        Assert.Equal(0, _time.ActiveTimers);
    }

    [Fact]
    public async Task TakeAsync_ReportsHowLongTheKeyWaited()
    {
        using var queue = new WorkQueue<string>(_time);
        var waits = new List<TimeSpan>();
        queue.Waited += waits.Add;
        queue.Add("a");
        _time.Advance(TimeSpan.FromSeconds(3));

        await queue.TakeAsync(TestContext.Current.CancellationToken);

        Assert.Equal([TimeSpan.FromSeconds(3)], waits);
    }

    private static Task<string> TakeWithin(WorkQueue<string> queue) =>
        queue.TakeAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

    /// <summary>True when a key is ready now (a take that has not completed after a brief moment means none is).</summary>
    private static async Task<bool> TryTakeAsync(WorkQueue<string> queue)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(Brief);
        try
        {
            await queue.TakeAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
