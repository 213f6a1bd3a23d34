using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace GitOpsAgent.Kubernetes;

public sealed partial class KubernetesApi
{
    public async IAsyncEnumerable<WatchEvent> WatchAsync(string apiVersion, string kind, string? ns, ListOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var a = CollectionOf(await ResolveAsync(apiVersion, kind, ct), ns);
        var request = a.Describe("watch");
        // The library reports a Status line (410 Gone among them) only through onError and drops it without one; throwing
        // there ends the stream with our typed error (the library hands our own exception back to onError, which rethrows it).
#pragma warning disable CS0618 // WatchAsync over a list response is the library's raw watch stream; its replacement is typed only.
        var events = ListCall(a, options, watch: true, _headers, ct)
            .WatchAsync<JsonObject, JsonObject>(error => throw (error as KubernetesException ?? WatchError(error, request)), ct);
#pragma warning restore CS0618
        await using var enumerator = events.GetAsyncEnumerator(ct);
        while (true)
        {
            (k8s.WatchEventType Type, JsonObject Object) current;
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }

                current = enumerator.Current;
            }
            catch (HttpRequestException ex) when (ex.InnerException is EndOfStreamException)
            {
                // The library reads the first line before it returns the stream: a watch that ends before any event lands here.
                yield break;
            }
            catch (Exception ex) when (ex is not KubernetesException && LibraryErrors.Translate(ex, request, _cluster.RequestTimeout, ct) is { } translated)
            {
                throw translated;
            }

            yield return current.Type switch
            {
                k8s.WatchEventType.Added => new WatchEvent(WatchEventType.Added, current.Object),
                k8s.WatchEventType.Modified => new WatchEvent(WatchEventType.Modified, current.Object),
                k8s.WatchEventType.Deleted => new WatchEvent(WatchEventType.Deleted, current.Object),
                k8s.WatchEventType.Bookmark => new WatchEvent(WatchEventType.Bookmark, current.Object),
                _ => throw new KubernetesException($"{request}: watch event of type {current.Type} without a Status"),
            };
        }
    }

    private static KubernetesException WatchError(Exception error, string request) => error switch
    {
        k8s.KubernetesException { Status: { } status } => StatusErrors.FromStatus(status, request),
        JsonException json => new KubernetesException($"{request}: malformed watch event ({json.Message})", json),
        _ => new KubernetesException($"{request}: {error.Message}", error),
    };
}
