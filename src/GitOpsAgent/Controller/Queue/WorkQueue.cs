using System.Threading.Channels;

namespace GitOpsAgent.Controller.Queue;

/// <summary>
/// A work queue of keys in the style of client-go's rate-limited queue: a key waiting is queued once however often it
/// is added; a key being processed is never handed to a second worker (it is re-queued when done if it was added
/// meanwhile); delayed adds for polling and backoff. Time comes from <see cref="TimeProvider"/> so tests drive it.
/// </summary>
public sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly Channel<TKey> _ready = Channel.CreateUnbounded<TKey>();
    private readonly HashSet<TKey> _queued = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly HashSet<TKey> _dirtyWhileProcessing = [];
    private readonly Dictionary<TKey, (ITimer Timer, DateTimeOffset Due)> _delayed = [];
    private readonly Dictionary<TKey, DateTimeOffset> _enqueuedAt = [];
    private bool _shutDown;

    public WorkQueue(TimeProvider time) => _time = time;

    /// <summary>Keys waiting to be processed (not counting delayed ones).</summary>
    public int Depth
    {
        get
        {
            lock (_gate)
            {
                return _queued.Count;
            }
        }
    }

    /// <summary>Raised with the time a key waited between being queued and being taken.</summary>
    public event Action<TimeSpan>? Waited;

    /// <summary>Queues <paramref name="key"/> now. A key already waiting is not queued twice.</summary>
    public void Add(TKey key)
    {
        lock (_gate)
        {
            if (_shutDown)
            {
                return;
            }

            CancelDelayed(key);
            if (_processing.Contains(key))
            {
                _dirtyWhileProcessing.Add(key);
                return;
            }

            if (_queued.Add(key))
            {
                _enqueuedAt[key] = _time.GetUtcNow();
                _ready.Writer.TryWrite(key);
            }
        }
    }

    /// <summary>Queues <paramref name="key"/> after <paramref name="delay"/>; an earlier pending add wins over a later one.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_gate)
        {
            if (_shutDown || _queued.Contains(key))
            {
                return;
            }

            var due = _time.GetUtcNow() + delay;
            if (_delayed.TryGetValue(key, out var existing))
            {
                if (existing.Due <= due)
                {
                    return;
                }

                existing.Timer.Dispose();
            }

            var timer = _time.CreateTimer(_ => FireDelayed(key, due), null, delay, Timeout.InfiniteTimeSpan);
            _delayed[key] = (timer, due);
        }
    }

    /// <summary>When the key is next due, if it is scheduled (for tests and status).</summary>
    public DateTimeOffset? DueAt(TKey key)
    {
        lock (_gate)
        {
            return _delayed.TryGetValue(key, out var d) ? d.Due : _queued.Contains(key) ? _time.GetUtcNow() : null;
        }
    }

    /// <summary>Waits for the next key. The caller must call <see cref="Done"/> when finished with it.</summary>
    public async ValueTask<TKey> TakeAsync(CancellationToken ct)
    {
        while (true)
        {
            var key = await _ready.Reader.ReadAsync(ct);
            lock (_gate)
            {
                if (!_queued.Remove(key))
                {
                    continue;
                }

                _processing.Add(key);
                if (_enqueuedAt.Remove(key, out var at))
                {
                    Waited?.Invoke(_time.GetUtcNow() - at);
                }

                return key;
            }
        }
    }

    /// <summary>Marks processing of <paramref name="key"/> finished; re-queues it if it was added meanwhile.</summary>
    public void Done(TKey key)
    {
        bool requeue;
        lock (_gate)
        {
            _processing.Remove(key);
            requeue = _dirtyWhileProcessing.Remove(key);
        }

        if (requeue)
        {
            Add(key);
        }
    }

    /// <summary>Forgets every pending add of <paramref name="key"/> (the object is gone).</summary>
    public void Forget(TKey key)
    {
        lock (_gate)
        {
            CancelDelayed(key);
            _dirtyWhileProcessing.Remove(key);
        }
    }

    public void ShutDown()
    {
        lock (_gate)
        {
            _shutDown = true;
            foreach (var (timer, _) in _delayed.Values)
            {
                timer.Dispose();
            }

            _delayed.Clear();
            _ready.Writer.TryComplete();
        }
    }

    public void Dispose() => ShutDown();

    private void FireDelayed(TKey key, DateTimeOffset due)
    {
        lock (_gate)
        {
            if (!_delayed.TryGetValue(key, out var entry) || entry.Due != due)
            {
                return;
            }

            entry.Timer.Dispose();
            _delayed.Remove(key);
        }

        Add(key);
    }

    private void CancelDelayed(TKey key)
    {
        if (_delayed.Remove(key, out var entry))
        {
            entry.Timer.Dispose();
        }
    }
}
