using System.Text;

namespace GitOpsAgent.Core.Scheduling;

/// <summary>
/// Which shard owns an Application: a stable hash of "namespace/name" modulo the shard count, so every replica
/// agrees without talking to the others.
/// </summary>
public static class ShardAssignment
{
    public static int ShardOf(string appNamespace, string appName, int shards)
    {
        if (shards <= 1)
        {
            return 0;
        }

        return (int)(Fnv1a(Encoding.UTF8.GetBytes($"{appNamespace}/{appName}")) % (uint)shards);
    }

    /// <summary>A hash of <paramref name="text"/> that every process and version agrees on.</summary>
    public static ulong StableHash(string text) => Fnv1a(Encoding.UTF8.GetBytes(text));

    // FNV-1a: tiny, stable across processes and versions (string.GetHashCode is randomised per process).
    private static uint Fnv1a(ReadOnlySpan<byte> data)
    {
        var hash = 2166136261u;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }

    public static bool Owns(int shard, int shards, string appNamespace, string appName) => ShardOf(appNamespace, appName, shards) == shard;
}
