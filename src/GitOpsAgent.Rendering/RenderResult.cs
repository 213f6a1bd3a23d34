using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Rendering;

/// <summary>Rendered objects in apply order, the renderer that made them ("plain", "kustomize" or "helm"), and whether they came from the cache.</summary>
public sealed record RenderResult(IReadOnlyList<Manifest> Objects, string Renderer, bool FromCache);
