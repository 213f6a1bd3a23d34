using System.Diagnostics;
using GitOpsAgent.Benchmarks.Inputs;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests.Rendering;
using GitOpsAgent.Rendering;

namespace GitOpsAgent.Benchmarks;

/// <summary>
/// Render cache hit rate over a steady-state poll cycle: 100 Applications over 5 repositories (one commit each, each
/// Application its own path), polled 10 times with nothing changed. Requests are built as Reconciler.Source builds them.
/// </summary>
internal static class RenderCacheScenario
{
    private const int RepositoryCount = 5;
    private const int ApplicationCount = 100;
    private const int Cycles = 10;
    private const int ObjectsPerApplication = 8;

    public static async Task<int> RunAsync()
    {
        var root = Directory.CreateTempSubdirectory("gitops-bench-cache-").FullName;
        try
        {
            var applications = CreateRepositories(root);
            var observer = new CountingRenderObserver();
            var renderer = new ManifestRenderer(observer: observer);
            var cycleTimes = new List<TimeSpan>();
            var calls = 0;
            for (var cycle = 0; cycle < Cycles; cycle++)
            {
                var started = Stopwatch.GetTimestamp();
                foreach (var request in applications)
                {
                    await renderer.RenderAsync(request, BuiltinResourceScope.Instance, CancellationToken.None);
                    calls++;
                }

                cycleTimes.Add(Stopwatch.GetElapsedTime(started));
            }

            var distinct = applications.Select(a => (a.CacheKey, a.Path)).Distinct().Count();
            Console.WriteLine($"render-cache: {ApplicationCount} Applications, {RepositoryCount} repositories/commits, {Cycles} poll cycles, nothing changed");
            Console.WriteLine($"  RenderAsync calls: {calls}, observed renders: {observer.Renders}, cache hits: {observer.Hits}, misses: {observer.Renders - observer.Hits}");
            Console.WriteLine($"  hit rate: {100.0 * observer.Hits / observer.Renders:F1}% (expected {100.0 * (calls - distinct) / calls:F1}%: all but the first render of each of the {distinct} (repo, commit, path))");
            Console.WriteLine($"  cycle 1 (cold): {cycleTimes[0].TotalMilliseconds:F1} ms; cycles 2-{Cycles} (warm): mean {cycleTimes.Skip(1).Average(t => t.TotalMilliseconds):F1} ms");
            return observer.Hits == calls - distinct ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Writes the repositories and returns one render request per Application.</summary>
    private static List<RenderRequest> CreateRepositories(string root)
    {
        var corpus = ManifestCorpus.Objects(ObjectsPerApplication);
        var requests = new List<RenderRequest>();
        for (var app = 0; app < ApplicationCount; app++)
        {
            var repository = app % RepositoryCount;
            var checkout = Path.Combine(root, $"repo-{repository}");
            var path = $"apps/app-{app / RepositoryCount}";
            ManifestDirectory.Write(Path.Combine(checkout, path), corpus);
            var commit = $"{repository:D2}{new string('a', 38)}";
            var source = new ApplicationSource { RepoURL = $"https://git.example.com/team-{repository}/deploy", Path = path };
            requests.Add(new RenderRequest(checkout, path, source, $"app-{app}", $"{source.RepoURL}@{commit}") { ApplicationName = $"app-{app}" });
        }

        return requests;
    }

    private sealed class CountingRenderObserver : IRenderObserver
    {
        public int Renders { get; private set; }

        public int Hits { get; private set; }

        public void OnRender(string renderer, TimeSpan duration, bool cacheHit)
        {
            Renders++;
            if (cacheHit) Hits++;
        }
    }
}
