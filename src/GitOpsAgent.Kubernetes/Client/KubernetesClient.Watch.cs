using System.Runtime.CompilerServices;

namespace GitOpsAgent.Kubernetes;

public sealed partial class KubernetesClient
{
    public async IAsyncEnumerable<WatchEvent> WatchAsync(string apiVersion, string kind, string? ns, ListOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var resource = await ResolveAsync(apiVersion, kind, ct);
        var path = ResourcePaths.WithQuery(ResourcePaths.Build(resource, resource.Namespaced ? ns : null, null), ResourcePaths.ListQuery(options, watch: true));
        using var response = await SendAsync(new RequestSpec("watch", resource.Plural, HttpMethod.Get, path, Streaming: true), ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        await foreach (var watchEvent in WatchStreamReader.ReadAsync(stream, $"GET {path}", ct))
        {
            yield return watchEvent;
        }
    }
}
