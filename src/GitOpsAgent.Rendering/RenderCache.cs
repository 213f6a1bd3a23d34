using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Rendering;

/// <summary>Identifies one render: the commit (or checkout), the path, the source options and the destination namespace.</summary>
internal readonly record struct RenderCacheKey(string Checkout, string Path, string OptionsHash, string Namespace);

/// <summary>What a render produced before post-processing, which runs again on every hit and so never hands out cached objects.</summary>
internal sealed record CachedRender(IReadOnlyList<Manifest> Objects, RendererKind Renderer);
