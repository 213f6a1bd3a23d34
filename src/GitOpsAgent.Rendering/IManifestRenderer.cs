using GitOpsAgent.Core.Manifests.Rendering;

namespace GitOpsAgent.Rendering;

/// <summary>Turns a directory of a checkout into Kubernetes objects (plain YAML, Kustomize or Helm).</summary>
public interface IManifestRenderer
{
    /// <summary>Renders, defaults namespaces with <paramref name="scope"/>, refuses duplicates, sorts in apply order. Throws <see cref="RenderException"/>.</summary>
    Task<RenderResult> RenderAsync(RenderRequest request, IResourceScope scope, CancellationToken ct);
}
