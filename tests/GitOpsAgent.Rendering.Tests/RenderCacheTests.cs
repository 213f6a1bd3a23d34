using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Manifests.Rendering;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Rendering.Tests;

public class RenderCacheTests
{
    private static RenderRequest Request(TempDirectory repo, string? cacheKey, string? ns = "web", string path = "app", ApplicationSource? source = null) =>
        new(repo.Path, path, source ?? new ApplicationSource(), ns, cacheKey);

    private static Task<RenderResult> RenderAsync(ManifestRenderer renderer, RenderRequest request) =>
        renderer.RenderAsync(request, BuiltinResourceScope.Instance, TestContext.Current.CancellationToken);

    [Fact]
    public async Task RenderAsync_SameCommitTwice_RendersOnceAndServesTheSecondFromCache()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/cm.yaml", RenderInputs.ConfigMap("first"));
        var observer = new RecordingObserver();
        var renderer = new ManifestRenderer(observer: observer);

        var first = await RenderAsync(renderer, Request(repo, "abc123"));
        repo.Write("app/cm.yaml", RenderInputs.ConfigMap("changed-on-disk"));
        var second = await RenderAsync(renderer, Request(repo, "abc123"));

        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal("first", Assert.Single(second.Objects).Key.Name);
        Assert.Equal([("plain", false), ("plain", true)], observer.Renders);
    }

    [Fact]
    public async Task RenderAsync_WithoutCacheKey_RendersEveryTime()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/cm.yaml", RenderInputs.ConfigMap("first"));
        var observer = new RecordingObserver();
        var renderer = new ManifestRenderer(observer: observer);

        await RenderAsync(renderer, Request(repo, null));
        repo.Write("app/cm.yaml", RenderInputs.ConfigMap("second"));
        var second = await RenderAsync(renderer, Request(repo, null));

        Assert.False(second.FromCache);
        Assert.Equal("second", Assert.Single(second.Objects).Key.Name);
        Assert.All(observer.Renders, r => Assert.False(r.CacheHit));
    }

    [Fact]
    public async Task RenderAsync_OtherCommitNamespaceOrOptions_AreCacheMisses()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/cm.yaml", RenderInputs.ConfigMap("a"));
        var observer = new RecordingObserver();
        var renderer = new ManifestRenderer(observer: observer);

        await RenderAsync(renderer, Request(repo, "c1"));
        await RenderAsync(renderer, Request(repo, "c2"));
        await RenderAsync(renderer, Request(repo, "c1", ns: "other"));
        await RenderAsync(renderer, Request(repo, "c1", source: new ApplicationSource { Directory = new DirectorySource { Recurse = true } }));
        await RenderAsync(renderer, Request(repo, "c1"));

        Assert.Equal([false, false, false, false, true], observer.Renders.Select(r => r.CacheHit));
    }

    [Fact]
    public async Task RenderAsync_CallerMutatesResult_CachedRenderIsUnchanged()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/cm.yaml", RenderInputs.ConfigMap("a"));
        var renderer = new ManifestRenderer();

        var first = await RenderAsync(renderer, Request(repo, "c1"));
        first.Objects[0].Object.SetLabel("mutated", "yes");
        var second = await RenderAsync(renderer, Request(repo, "c1"));

        Assert.True(second.FromCache);
        Assert.Null(second.Objects[0].Object.GetLabel("mutated"));
        Assert.NotSame(first.Objects[0].Object, second.Objects[0].Object);
    }

    [Fact]
    public async Task RenderAsync_CacheFull_EvictsTheLeastRecentlyUsed()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/cm.yaml", RenderInputs.ConfigMap("a"));
        var observer = new RecordingObserver();
        var renderer = new ManifestRenderer(new ManifestRendererOptions { CacheCapacity = 2 }, observer);

        await RenderAsync(renderer, Request(repo, "c1"));
        await RenderAsync(renderer, Request(repo, "c2"));
        await RenderAsync(renderer, Request(repo, "c1")); // hit; c2 is now the oldest
        await RenderAsync(renderer, Request(repo, "c3")); // evicts c2
        await RenderAsync(renderer, Request(repo, "c1")); // still cached
        await RenderAsync(renderer, Request(repo, "c2")); // rendered again

        Assert.Equal([false, false, true, false, true, false], observer.Renders.Select(r => r.CacheHit));
    }

    [Fact]
    public async Task RenderAsync_FailedRender_IsNotCached()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/cm.yaml", "not: kubernetes\n");
        var renderer = new ManifestRenderer();

        await Assert.ThrowsAsync<RenderException>(() => RenderAsync(renderer, Request(repo, "c1")));
        repo.Write("app/cm.yaml", RenderInputs.ConfigMap("fixed"));
        var result = await RenderAsync(renderer, Request(repo, "c1"));

        Assert.False(result.FromCache);
        Assert.Single(result.Objects);
    }

    [Fact]
    public void Set_CapacityZero_KeepsNothing()
    {
        var cache = new LruCache<RenderCacheKey, CachedRender>(0);
        var key = new RenderCacheKey("c", "p", "h", "");

        cache.Set(key, new CachedRender(Array.Empty<Manifest>(), RendererKind.Plain));

        Assert.False(cache.TryGet(key, out _));
        Assert.Equal(0, cache.Count);
    }
}
