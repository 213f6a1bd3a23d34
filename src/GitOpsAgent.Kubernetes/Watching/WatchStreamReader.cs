using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Kubernetes;

/// <summary>Parses a watch response: one JSON event per line, {"type": ADDED|MODIFIED|DELETED|BOOKMARK|ERROR, "object": ...}.</summary>
internal static class WatchStreamReader
{
    public static async IAsyncEnumerable<WatchEvent> ReadAsync(Stream stream, string request, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return Parse(line, request);
        }
    }

    public static WatchEvent Parse(string line, string request)
    {
        JsonObject? frame;
        try
        {
            frame = JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException ex)
        {
            throw new KubernetesException($"{request}: malformed watch event ({ex.Message})", ex);
        }

        var type = frame?.GetStringAt("type");
        var obj = frame?["object"] as JsonObject ?? throw new KubernetesException($"{request}: watch event without an object");
        return type switch
        {
            "ADDED" => new WatchEvent(WatchEventType.Added, obj),
            "MODIFIED" => new WatchEvent(WatchEventType.Modified, obj),
            "DELETED" => new WatchEvent(WatchEventType.Deleted, obj),
            "BOOKMARK" => new WatchEvent(WatchEventType.Bookmark, obj),
            "ERROR" => throw StatusErrors.FromStatus(obj, request),
            _ => throw new KubernetesException($"{request}: unknown watch event type {type}"),
        };
    }
}
