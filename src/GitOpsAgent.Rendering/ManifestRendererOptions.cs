namespace GitOpsAgent.Rendering;

/// <summary>Settings of <see cref="ManifestRenderer"/>. Tool paths left null are looked up on PATH.</summary>
public sealed class ManifestRendererOptions
{
    public string? KustomizePath { get; set; }

    public string? KubectlPath { get; set; }

    public string? HelmPath { get; set; }

    /// <summary>How long one kustomize or helm run may take before it is killed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The most a render may produce (tool output, or the files a plain directory holds).</summary>
    public long MaxOutputBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>How many renders the LRU cache keeps; 0 turns the cache off.</summary>
    public int CacheCapacity { get; set; } = 256;

    /// <summary>Kustomize remote bases (URLs) are refused unless this is on and the Application asks for them.</summary>
    public bool AllowRemoteBases { get; set; }
}
