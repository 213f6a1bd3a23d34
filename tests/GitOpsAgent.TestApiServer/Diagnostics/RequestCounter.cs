using System.Collections.Concurrent;

namespace GitOpsAgent.TestApiServer.Diagnostics;

/// <summary>
/// Counts requests by verb (get, list, watch, create, update, patch, apply, delete, deletecollection, discovery),
/// resource (plural, "" for discovery) and namespace ("" when cluster-wide).
/// </summary>
public sealed class RequestCounter
{
    private static readonly HashSet<string> WriteVerbs = ["create", "update", "patch", "apply", "delete", "deletecollection"];
    private readonly ConcurrentDictionary<(string Verb, string Resource, string Namespace), int> _counts = new();

    public void Record(string verb, string resource, string ns) =>
        _counts.AddOrUpdate((verb, resource, ns), 1, (_, n) => n + 1);

    /// <summary>Requests with this verb, optionally only for one resource and one namespace.</summary>
    public int Count(string verb, string? resource = null, string? ns = null) =>
        _counts.Where(kv => kv.Key.Verb == verb && (resource is null || kv.Key.Resource == resource) && (ns is null || kv.Key.Namespace == ns))
            .Sum(kv => kv.Value);

    /// <summary>Create, update, patch, apply and delete requests.</summary>
    public int Writes => _counts.Where(kv => WriteVerbs.Contains(kv.Key.Verb)).Sum(kv => kv.Value);

    public int Total => _counts.Values.Sum();

    public IReadOnlyDictionary<(string Verb, string Resource, string Namespace), int> Snapshot() =>
        new Dictionary<(string, string, string), int>(_counts);

    public void Reset() => _counts.Clear();
}
