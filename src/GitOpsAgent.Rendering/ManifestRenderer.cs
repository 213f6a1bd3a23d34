using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Manifests.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOpsAgent.Rendering;

/// <summary>
/// Renders a directory of a checkout with the right tool, then post-processes (namespaces, duplicates, apply order).
/// Renders with a <see cref="RenderRequest.CacheKey"/> are cached (LRU), so an unchanged commit is rendered once.
/// </summary>
public sealed partial class ManifestRenderer : IManifestRenderer
{
    private readonly ManifestRendererOptions options;
    private readonly IRenderObserver? observer;
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;
    private readonly RenderCache cache;

    public ManifestRenderer(
        ManifestRendererOptions? options = null, IRenderObserver? observer = null, ILogger<ManifestRenderer>? logger = null, TimeProvider? timeProvider = null)
    {
        this.options = options ?? new ManifestRendererOptions();
        this.observer = observer;
        this.logger = logger ?? NullLogger<ManifestRenderer>.Instance;
        this.timeProvider = timeProvider ?? TimeProvider.System;
        cache = new RenderCache(this.options.CacheCapacity);
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

        var paths = new RepositoryPaths(request.RepositoryRoot);
        var path = string.IsNullOrEmpty(request.Path) ? "." : request.Path;
        var directory = paths.Resolve(paths.Root, path, "path");
        if (!Directory.Exists(directory))
        {
            throw new RenderException(RenderFailureReason.PathNotFound, $"path \"{request.Path}\" does not exist in the repository (or is not a directory)");
        }

        var relativeDirectory = paths.Relative(directory);
        var cacheKey = request.CacheKey is { Length: > 0 } checkout
            ? new RenderCacheKey(checkout, relativeDirectory, SourceOptionsHash.Compute(request), request.DestinationNamespace ?? "")
            : (RenderCacheKey?)null;

        CachedRender? render = null;
        var fromCache = cacheKey is { } key && cache.TryGet(key, out render);
        if (render is null)
        {
            var kind = RendererDetection.Detect(directory, request.Source);
            var objects = await RenderWithAsync(kind, paths, directory, request, ct).ConfigureAwait(false);
            render = new CachedRender(objects, kind);
            if (cacheKey is { } storeKey)
            {
                cache.Set(storeKey, render);
            }
        }

        IReadOnlyList<Manifest> processed;
        try
        {
            processed = ManifestPostProcessor.Process(render.Objects, request.DestinationNamespace, scope);
        }
        catch (DuplicateManifestException ex)
        {
            throw new RenderException(RenderFailureReason.DuplicateObject, ex.Message, ex);
        }

        var duration = timeProvider.GetElapsedTime(started);
        var rendererName = render.Renderer.Name();
        LogRendered(logger, rendererName, relativeDirectory, processed.Count, fromCache, duration.TotalMilliseconds);
        observer?.OnRender(rendererName, duration, fromCache);
        return new RenderResult(processed, rendererName, fromCache);
    }

    private async Task<IReadOnlyList<Manifest>> RenderWithAsync(RendererKind kind, RepositoryPaths paths, string directory, RenderRequest request, CancellationToken ct)
    {
        paths.EnsureInside(directory, "path");
        return kind switch
        {
            RendererKind.Kustomize => await KustomizeRenderer.RenderAsync(
                paths, directory, options.AllowRemoteBases && request.Source.Kustomize?.EnableRemoteBases == true, options, ct).ConfigureAwait(false),
            RendererKind.Helm => await HelmRenderer.RenderAsync(paths, directory, request, options, ct).ConfigureAwait(false),
            _ => await PlainDirectoryRenderer.RenderAsync(paths, directory, request.Source.Directory, options.MaxOutputBytes, ct).ConfigureAwait(false),
        };
    }
}
