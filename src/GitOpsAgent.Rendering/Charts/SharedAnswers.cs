namespace GitOpsAgent.Rendering.Charts;

/// <summary>
/// One request per key per TTL, however many callers ask (GitRepositoryCache's ls-remote sharing, for chart
/// indexes, tag lists and manifests): a call in flight is joined, a fresh success is reused, a failure is not.
/// </summary>
internal sealed class SharedAnswers<T>(TimeProvider time, TimeSpan ttl)
{
    private readonly Dictionary<string, (Task<T> Task, DateTimeOffset StartedAt)> _answers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The shared answer for <paramref name="key"/>; <paramref name="fetch"/> runs detached from any one caller's token.</summary>
    public Task<T> GetAsync(string key, Func<Task<T>> fetch, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        Task<T> task;
        lock (_gate)
        {
            if (!_answers.TryGetValue(key, out var current)
                || (current.Task.IsCompleted && (!current.Task.IsCompletedSuccessfully || now - current.StartedAt >= ttl)))
            {
                current = (Task.Run(fetch, CancellationToken.None), now);
                _answers[key] = current;
            }

            task = current.Task;
        }

        return task.WaitAsync(ct);
    }

    /// <summary>Forgets every answer whose key starts with <paramref name="prefix"/> (a refresh request).</summary>
    public void Forget(string prefix)
    {
        lock (_gate)
        {
            foreach (var key in _answers.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            {
                _answers.Remove(key);
            }
        }
    }
}
