using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Filters;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests.Rendering;
using GitOpsAgent.Rendering;

namespace GitOpsAgent.Benchmarks;

/// <summary>
/// Kustomize render of the flux2-kustomize-helm-example apps/production overlay. Uncached it runs `kubectl kustomize`
/// (or kustomize) as a child process, so it measures process start and the tool, not only our code.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(KustomizeExampleConfig))]
public class KustomizeRenderBenchmarks
{
    private const string CachedCommit = "https://github.com/fluxcd/flux2-kustomize-helm-example@main";
    private const string OverlayPath = "apps/production";
    private readonly ManifestRenderer renderer = new();
    private string repositoryRoot = "";

    [GlobalSetup]
    public void Setup()
    {
        repositoryRoot = KustomizeExample.Find() ?? throw new InvalidOperationException("the example repository is absent");
        renderer.RenderAsync(Request(CachedCommit), BuiltinResourceScope.Instance, CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark]
    public Task<RenderResult> KustomizeUncached() => renderer.RenderAsync(Request(cacheKey: null), BuiltinResourceScope.Instance, CancellationToken.None);

    [Benchmark]
    public Task<RenderResult> KustomizeCacheHit() => renderer.RenderAsync(Request(CachedCommit), BuiltinResourceScope.Instance, CancellationToken.None);

    private RenderRequest Request(string? cacheKey) => new(repositoryRoot, OverlayPath, new ApplicationSource(), "podinfo", cacheKey);

    /// <summary>Runs the class only when the example checkout is there; says so once when it is not.</summary>
    public class KustomizeExampleConfig : ShortRunConfig
    {
        private static int told;

        public KustomizeExampleConfig()
        {
            AddFilter(new SimpleFilter(_ =>
            {
                if (KustomizeExample.Find() is not null) return true;
                if (Interlocked.Exchange(ref told, 1) == 0)
                {
                    Console.WriteLine($"Skipping {nameof(KustomizeRenderBenchmarks)}: {KustomizeExample.RelativePath} was not found above the working directory.");
                }

                return false;
            }));
        }
    }
}

/// <summary>Finds the conformance copy of fluxcd/flux2-kustomize-helm-example in a directory above the working directory.</summary>
internal static class KustomizeExample
{
    public const string RelativePath = "shared/conformance/repos/flux2-kustomize-helm-example";

    public static string? Find()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, RelativePath);
            if (Directory.Exists(Path.Combine(candidate, "apps", "production")))
            {
                return candidate;
            }
        }

        return null;
    }
}
