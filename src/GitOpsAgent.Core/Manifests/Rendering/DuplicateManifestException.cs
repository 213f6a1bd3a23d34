namespace GitOpsAgent.Core.Manifests.Rendering;

/// <summary>Two rendered objects with the same (group, kind, namespace, name): which one would win is arbitrary, so it is an error.</summary>
public sealed class DuplicateManifestException(ResourceKey key, ManifestSource first, ManifestSource second)
    : Exception($"{key} is defined twice: in {first} and in {second}")
{
    public ResourceKey Key { get; } = key;

    public ManifestSource First { get; } = first;

    public ManifestSource Second { get; } = second;
}
