using System.Text.Json.Nodes;

namespace GitOpsAgent.Core.Manifests;

/// <summary>Where an object came from: a file (relative to the rendered root where possible) and the line its document starts on.</summary>
public readonly record struct ManifestSource(string File, int Line)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}" : File;
}

/// <summary>A Kubernetes object read from Git or rendered by a tool, and where it came from.</summary>
public sealed record Manifest(JsonObject Object, ManifestSource Source)
{
    public ResourceKey Key => ResourceKey.Of(Object);

    /// <summary>Applied before every hook and wave: a chart's crds/ folder, which Helm installs before anything else.</summary>
    public bool BeforeHooks { get; init; }
}
