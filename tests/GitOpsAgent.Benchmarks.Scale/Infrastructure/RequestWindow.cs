using GitOpsAgent.TestApiServer.Diagnostics;

namespace GitOpsAgent.Benchmarks.Scale.Infrastructure;

/// <summary>The API requests the test server counted between <see cref="Start"/> and now, by verb and resource.</summary>
public sealed class RequestWindow
{
    private readonly RequestCounter _counter;
    private readonly IReadOnlyDictionary<(string Verb, string Resource, string Namespace), int> _start;

    private RequestWindow(RequestCounter counter)
    {
        _counter = counter;
        _start = counter.Snapshot();
    }

    public static RequestWindow Start(RequestCounter counter) => new(counter);

    /// <summary>(verb, resource) -> requests since the start, most first.</summary>
    public IReadOnlyList<(string Verb, string Resource, int Count)> ByVerbAndResource() =>
        _counter.Snapshot()
            .Select(kv => (kv.Key.Verb, kv.Key.Resource, Count: kv.Value - _start.GetValueOrDefault(kv.Key)))
            .Where(x => x.Count != 0)
            .GroupBy(x => (x.Verb, x.Resource))
            .Select(g => (g.Key.Verb, g.Key.Resource, g.Sum(x => x.Count)))
            .OrderByDescending(x => x.Item3)
            .ToList();

    public IReadOnlyDictionary<string, int> ByVerb() =>
        ByVerbAndResource().GroupBy(x => x.Verb).ToDictionary(g => g.Key, g => g.Sum(x => x.Count), StringComparer.Ordinal);

    public int Total => ByVerbAndResource().Sum(x => x.Count);

    public static readonly string[] WriteVerbs = ["create", "update", "patch", "apply", "delete", "deletecollection"];

    public int Writes => ByVerbAndResource().Where(x => WriteVerbs.Contains(x.Verb)).Sum(x => x.Count);
}
