namespace GitOpsAgent.Rendering.Charts;

/// <summary>Where chart archives are kept and what a chart source may cost. The archive limits are helm's own.</summary>
public sealed record ChartSourceOptions
{
    /// <summary>Holds archives/ (by digest) and charts/ (extracted, by digest); created when missing.</summary>
    public required string CacheRoot { get; init; }

    /// <summary>How long one index, tag list or manifest answer is shared, so Applications polling in the same slot cost one request.</summary>
    public TimeSpan IndexTtl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>One HTTP request (headers and body) is abandoned after this long.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest index.yaml (or tag list, or manifest) read.</summary>
    public long MaxIndexBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>The largest chart archive downloaded (compressed).</summary>
    public long MaxArchiveBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Helm's MaxDecompressedChartSize: the most an archive may expand to.</summary>
    public long MaxExtractedBytes { get; init; } = 100 * 1024 * 1024;

    /// <summary>Helm's MaxDecompressedFileSize: the largest single file in an archive.</summary>
    public long MaxFileBytes { get; init; } = 5 * 1024 * 1024;

    public int MaxArchiveEntries { get; init; } = 10_000;

    public int MaxRedirects { get; init; } = 5;
}
