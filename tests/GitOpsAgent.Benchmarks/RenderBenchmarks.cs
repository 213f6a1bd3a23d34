using BenchmarkDotNet.Attributes;
using GitOpsAgent.Benchmarks.Inputs;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests.Rendering;
using GitOpsAgent.Rendering;

namespace GitOpsAgent.Benchmarks;

/// <summary>
/// The plain renderer over a 1,000-object directory, uncached (no CacheKey) and as a cache hit (same CacheKey).
/// A hit still post-processes (namespaces, duplicates, apply order), so it is not free.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortRunConfig))]
public class RenderBenchmarks
{
    private const string CachedCommit = "https://git.example.com/shop/deploy@4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    private readonly ManifestRenderer renderer = new();
    private string root = "";

    [GlobalSetup]
    public void Setup()
    {
        root = Directory.CreateTempSubdirectory("gitops-bench-render-").FullName;
        ManifestDirectory.Write(Path.Combine(root, "manifests"), ManifestCorpus.Objects(1000));
        var warm = renderer.RenderAsync(Request(CachedCommit), BuiltinResourceScope.Instance, CancellationToken.None).GetAwaiter().GetResult();
        if (warm.Objects.Count != 1000)
        {
            throw new InvalidOperationException($"the directory renders {warm.Objects.Count} objects, not 1000");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(root, recursive: true);

    [Benchmark]
    public Task<RenderResult> PlainUncached() => renderer.RenderAsync(Request(cacheKey: null), BuiltinResourceScope.Instance, CancellationToken.None);

    [Benchmark]
    public Task<RenderResult> PlainCacheHit() => renderer.RenderAsync(Request(CachedCommit), BuiltinResourceScope.Instance, CancellationToken.None);

    private RenderRequest Request(string? cacheKey) => new(root, "manifests", new ApplicationSource(), "shop", cacheKey);
}
