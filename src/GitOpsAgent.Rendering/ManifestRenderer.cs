using GitOpsAgent.Core.Manifests.Rendering;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Git;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Rendering;

/// <summary>
/// Renders a directory of a checkout with the right tool, then post-processes (namespaces, duplicates, apply order).
/// Renders with a <see cref="RenderRequest.CacheKey"/> are cached (LRU), so an unchanged commit is rendered once.
/// Before any renderer reads a file, the whole checkout is refused if any symlink in it resolves outside (once per
/// checkout), so no tool can follow a link out of the repository however it walks it.
/// </summary>
public sealed partial class ManifestRenderer : IManifestRenderer
{
    private readonly ManifestRendererOptions options;
    private readonly IRenderObserver? observer;
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;
    private readonly LruCache<RenderCacheKey, CachedRender> cache;
    private readonly LruCache<string, bool> checkoutsWithoutEscapingLinks;
    private readonly Charts.IChartSource? charts;

    /// <param name="charts">Where chart dependencies that are not vendored come from; without it such a chart fails to render.</param>
    public ManifestRenderer(
        ManifestRendererOptions? options = null, IRenderObserver? observer = null, ILogger<ManifestRenderer>? logger = null, TimeProvider? timeProvider = null,
        Charts.IChartSource? charts = null)
    {
        this.charts = charts;
        this.options = options ?? new ManifestRendererOptions();
        this.observer = observer;
        this.logger = logger ?? NullLogger<ManifestRenderer>.Instance;
        this.timeProvider = timeProvider ?? TimeProvider.System;
        cache = new LruCache<RenderCacheKey, CachedRender>(this.options.CacheCapacity);
        checkoutsWithoutEscapingLinks = new LruCache<string, bool>(this.options.CacheCapacity);
    }

    public async Task<RenderResult> RenderAsync(RenderRequest request, IResourceScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scope);
        var started = timeProvider.GetTimestamp();
        if (!Directory.Exists(request.RepositoryRoot))
        {
            throw new RenderException(RenderFailureReason.PathNotFound, $"the repository checkout \"{request.RepositoryRoot}\" does not exist");
        }

        var (render, fromCache, relativeDirectory) = await RenderInSandboxAsync(request, ct).ConfigureAwait(false);
        IReadOnlyList<Manifest> processed;
        try
        {
            processed = ManifestPostProcessor.Process(render.Objects, request.DestinationNamespace, scope);
        }
        catch (DuplicateManifestException ex)
        {
            throw new RenderException(RenderFailureReason.DuplicateObject, ex.Message, ex);
        }
        catch (ManifestParseException ex)
        {
            throw new RenderException(RenderFailureReason.InvalidManifest, ex.Message, ex);
        }

        var duration = timeProvider.GetElapsedTime(started);
        var rendererName = render.Renderer.Name();
        LogRendered(logger, rendererName, relativeDirectory, processed.Count, fromCache, duration.TotalMilliseconds);
        observer?.OnRender(rendererName, duration, fromCache);
        return new RenderResult(processed, rendererName, fromCache);
    }

    /// <summary>The cached render, or a new one; a path or symlink that leaves the repository is a PathOutsideRepository failure.</summary>
    private async Task<(CachedRender Render, bool FromCache, string RelativeDirectory)> RenderInSandboxAsync(RenderRequest request, CancellationToken ct)
    {
        try
        {
            var paths = new RepositorySandbox(request.RepositoryRoot);
            var directory = paths.Resolve(paths.Root, string.IsNullOrEmpty(request.Path) ? "." : request.Path, "path");
            if (!Directory.Exists(directory))
            {
                throw new RenderException(RenderFailureReason.PathNotFound, $"path \"{request.Path}\" does not exist in the repository (or is not a directory)");
            }

            var relativeDirectory = paths.Relative(directory);
            var cacheKey = request.CacheKey is { Length: > 0 } checkout
                ? new RenderCacheKey(checkout, relativeDirectory, SourceOptionsHash.Compute(request), request.DestinationNamespace ?? "")
                : (RenderCacheKey?)null;
            if (cacheKey is { } key && cache.TryGet(key, out var cached) && cached is not null)
            {
                return (cached, true, relativeDirectory);
            }

            EnsureNoEscapingLinks(paths, request.CacheKey);
            var kind = RendererDetection.Detect(directory, request.Source);
            var render = new CachedRender(await RenderWithAsync(kind, paths, directory, request, ct).ConfigureAwait(false), kind);
            if (cacheKey is { } storeKey)
            {
                cache.Set(storeKey, render);
            }

            return (render, false, relativeDirectory);
        }
        catch (GitSourceException ex) when (ex.Reason == GitFailureReason.InvalidPath)
        {
            throw new RenderException(RenderFailureReason.PathOutsideRepository, ex.Message, ex);
        }
    }

    /// <summary>The whole checkout, once per commit (a checkout of one commit never changes); every render of a directory without a cache key.</summary>
    private void EnsureNoEscapingLinks(RepositorySandbox paths, string? checkoutKey)
    {
        var memoKey = checkoutKey is { Length: > 0 } ? paths.RealRoot + "\n" + checkoutKey : null;
        if (memoKey is not null && checkoutsWithoutEscapingLinks.TryGet(memoKey, out _))
        {
            return;
        }

        paths.EnsureNoEscapingLinks();
        if (memoKey is not null)
        {
            checkoutsWithoutEscapingLinks.Set(memoKey, true);
        }
    }

    private async Task<IReadOnlyList<Manifest>> RenderWithAsync(RendererKind kind, RepositorySandbox paths, string directory, RenderRequest request, CancellationToken ct)
    {
        paths.EnsureInside(directory, "path");
        return kind switch
        {
            RendererKind.Kustomize => await KustomizeRenderer.RenderAsync(
                paths, directory, options.AllowRemoteBases && request.Source.Kustomize?.EnableRemoteBases == true, options, request.Substitutions, ct).ConfigureAwait(false),
            RendererKind.Helm => await HelmRenderer.RenderAsync(paths, directory, request, options, charts, ct).ConfigureAwait(false),
            _ => await PlainDirectoryRenderer.RenderAsync(paths, directory, request.Source.Directory, options.MaxOutputBytes, request.Substitutions, ct).ConfigureAwait(false),
        };
    }
}
