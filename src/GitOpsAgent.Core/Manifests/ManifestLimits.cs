namespace GitOpsAgent.Core.Manifests;

/// <summary>
/// What one YAML or JSON input may hold, so a hostile file cannot exhaust the stack or memory of the controller or
/// the CLI: docs/security.md lists the values. Far above real manifests (Kubernetes objects nest a few dozen levels;
/// aliases are rare), far below what hurts.
/// </summary>
public sealed record ManifestLimits
{
    public static ManifestLimits Default { get; } = new();

    /// <summary>Characters of one input (a file, or one tool's output); the same figure as the renderers' output limit.</summary>
    public int MaxInputLength { get; init; } = 32 * 1024 * 1024;

    /// <summary>Nesting of mappings and sequences (the readers recurse once per level).</summary>
    public int MaxDepth { get; init; } = 256;

    /// <summary>Documents ("---"-separated) in one input.</summary>
    public int MaxDocuments { get; init; } = 50_000;

    /// <summary>Alias uses (*name) in one input.</summary>
    public int MaxAliases { get; init; } = 10_000;

    /// <summary>Nodes that expanding aliases may add beyond those written out (stops "billion laughs").</summary>
    public int MaxAliasExpansionNodes { get; init; } = 100_000;
}
