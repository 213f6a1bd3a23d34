using System.Collections.Concurrent;

namespace GitOpsAgent.Git;

/// <summary>
/// At most N git requests in flight per server. One more waits for a slot while the server makes progress; when no
/// request to it has finished for the queue timeout (since the wait began or the last one finished), the wait fails
/// as ServerBusy (retryable). A hung server therefore holds at most N callers and the rest return quickly to serve
/// Applications on other servers, while a healthy but busy server just queues its requests.
/// </summary>
internal sealed class GitServerLimiter(int maxPerServer, TimeSpan queueTimeout, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, ServerSlots> _servers = new(StringComparer.Ordinal);

    /// <summary>A slot on <paramref name="server"/>, released on dispose.</summary>
    /// <exception cref="GitSourceException">With <see cref="GitFailureReason.ServerBusy"/> when the server made no progress in time.</exception>
    public async Task<IDisposable> EnterAsync(GitServer server, CancellationToken ct)
    {
        var slots = _servers.GetOrAdd(server.Name, _ => new ServerSlots(maxPerServer, timeProvider));
        var waitingSince = timeProvider.GetUtcNow();
        while (true)
        {
            var remaining = Max(waitingSince, slots.LastFinished) + queueTimeout - timeProvider.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                throw new GitSourceException(
                    GitFailureReason.ServerBusy,
                    $"git server {server.Name} is busy: none of its {maxPerServer} requests in flight finished within {queueTimeout.TotalSeconds:0.#}s; retrying later.");
            }

            using var timeout = new CancellationTokenSource(remaining, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, ct);
            try
            {
                await slots.Semaphore.WaitAsync(linked.Token).ConfigureAwait(false);
                return new Slot(slots);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // Look again: a request may have finished meanwhile, which moves the deadline.
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed class ServerSlots(int max, TimeProvider timeProvider)
    {
        private long _lastFinishedTicks = DateTimeOffset.MinValue.UtcTicks;

        public SemaphoreSlim Semaphore { get; } = new(max, max);

        public DateTimeOffset LastFinished => new(Interlocked.Read(ref _lastFinishedTicks), TimeSpan.Zero);

        public void Release()
        {
            Interlocked.Exchange(ref _lastFinishedTicks, timeProvider.GetUtcNow().UtcTicks);
            Semaphore.Release();
        }
    }

    private sealed class Slot(ServerSlots slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                slots.Release();
        }
    }
}
