namespace GitOpsAgent.Core.Manifests.Rendering;

/// <summary>Tells whether objects of a kind live in a namespace: the cluster's discovery, a table of built-ins, or a mix.</summary>
public interface IResourceScope
{
    /// <summary>True when namespaced, false when cluster-scoped, null when the kind is unknown.</summary>
    bool? IsNamespaced(string group, string kind);
}
