namespace GitOpsAgent.Telemetry.Prometheus;

/// <summary>The three Prometheus metric types our exporter emits (OpenTelemetry non-monotonic sums become gauges).</summary>
public enum PrometheusMetricType
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>One metric family as it will be exposed: a name, a help text, a type, and its series.</summary>
public sealed record PrometheusMetricFamily(string Name, string Help, PrometheusMetricType Type, IReadOnlyList<PrometheusSeries> Series);

/// <summary>One series of a family: its labels (already valid names) and either a value or a histogram.</summary>
public sealed record PrometheusSeries(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, PrometheusHistogram? Histogram = null);

/// <summary>Histogram data with cumulative bucket counts; the last bucket's upper bound is +Inf.</summary>
public sealed record PrometheusHistogram(IReadOnlyList<PrometheusBucket> Buckets, double Sum, long Count);

/// <summary>A cumulative bucket: how many observations were less than or equal to the upper bound.</summary>
public readonly record struct PrometheusBucket(double UpperBound, long CumulativeCount);
