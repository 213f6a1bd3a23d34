using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Rendering;

/// <summary>Identifies one render: the commit (or checkout), the path, the source options and the destination namespace.</summary>
internal readonly record struct RenderCacheKey(string Checkout, string Path, string OptionsHash, string Namespace);

/// <summary>What a render produced before post-processing, which runs again on every hit and so never hands out cached objects.</summary>
internal sealed record CachedRender(IReadOnlyList<Manifest> Objects, RendererKind Renderer);

/// <summary>A bounded least-recently-used cache of renders, safe for concurrent use.</summary>
internal sealed class RenderCache(int capacity)
{
    private readonly Dictionary<RenderCacheKey, LinkedListNode<(RenderCacheKey Key, CachedRender Value)>> entries = [];
    private readonly LinkedList<(RenderCacheKey Key, CachedRender Value)> recency = new();
    private readonly Lock gate = new();

    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    public bool TryGet(RenderCacheKey key, out CachedRender? value)
    {
        lock (gate)
        {
            if (entries.TryGetValue(key, out var node))
            {
                recency.Remove(node);
                recency.AddFirst(node);
                value = node.Value.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    public void Set(RenderCacheKey key, CachedRender value)
    {
        if (capacity <= 0)
        {
            return;
        }

        lock (gate)
        {
            if (entries.TryGetValue(key, out var existing))
            {
                recency.Remove(existing);
            }

            entries[key] = recency.AddFirst((key, value));
            while (entries.Count > capacity && recency.Last is { } oldest)
            {
                recency.RemoveLast();
                entries.Remove(oldest.Value.Key);
            }
        }
    }
}
