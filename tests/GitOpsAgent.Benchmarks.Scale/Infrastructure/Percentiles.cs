namespace GitOpsAgent.Benchmarks.Scale.Infrastructure;

/// <summary>Nearest-rank percentiles of a sample (p99 of 20 values is the largest).</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyList<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static IReadOnlyList<object?> Row(string name, IReadOnlyList<double> values) =>
        [name, values.Count, Of(values, 50), Of(values, 90), Of(values, 99), values.Average(), values.Min(), values.Max()];

    public static readonly string[] Columns = ["path", "samples", "p50 ms", "p90 ms", "p99 ms", "mean ms", "min ms", "max ms"];
}
