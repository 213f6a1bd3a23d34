using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using GitOpsAgent.Kubernetes.Tests.Fakes;

namespace GitOpsAgent.Kubernetes.Tests.Watching;

/// <summary>Plays back scripted list results and watch streams; once the script runs out the watch blocks until cancelled.</summary>
public sealed class ScriptedWatchApi : UnsupportedApi
{
    private readonly Queue<Func<ObjectList>> _lists = new();
    private readonly Queue<Func<CancellationToken, IAsyncEnumerable<WatchEvent>>> _watches = new();

    public List<ListOptions> ListCalls { get; } = [];

    public List<ListOptions> WatchCalls { get; } = [];

    /// <summary>Completed when a watch is requested after the script ran out.</summary>
    public TaskCompletionSource ScriptDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static JsonObject ConfigMap(string name, string resourceVersion, string ns = "prod") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["resourceVersion"] = resourceVersion },
    };

    public static WatchEvent Bookmark(string resourceVersion) =>
        new(WatchEventType.Bookmark, new JsonObject { ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion } });

    public void List(string resourceVersion, params JsonObject[] items) => _lists.Enqueue(() => new ObjectList(items, resourceVersion, null));

    public void ListFails(Exception ex) => _lists.Enqueue(() => throw ex);

    /// <summary>A watch that yields <paramref name="events"/> and then ends with <paramref name="end"/> (or closes normally).</summary>
    public void Watch(Exception? end, params WatchEvent[] events) => _watches.Enqueue(ct => Stream(events, end, ct));

    public override Task<ObjectList> ListAllAsync(string apiVersion, string kind, string? ns, ListOptions options, CancellationToken ct)
    {
        ListCalls.Add(options);
        return Task.FromResult(_lists.Dequeue()());
    }

    public override IAsyncEnumerable<WatchEvent> WatchAsync(string apiVersion, string kind, string? ns, ListOptions options, CancellationToken ct)
    {
        WatchCalls.Add(options);
        if (_watches.TryDequeue(out var next))
        {
            return next(ct);
        }

        ScriptDone.TrySetResult();
        return Forever(ct);
    }

    private static async IAsyncEnumerable<WatchEvent> Stream(WatchEvent[] events, Exception? end, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var e in events)
        {
            await Task.Yield();
            yield return e;
        }

        if (end is not null)
        {
            throw end;
        }
    }

    private static async IAsyncEnumerable<WatchEvent> Forever([EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Delay(Timeout.Infinite, ct);
        yield break;
    }
}
