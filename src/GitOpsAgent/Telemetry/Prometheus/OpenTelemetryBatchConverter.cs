using System.Globalization;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace GitOpsAgent.Telemetry.Prometheus;

/// <summary>
/// Reads a batch of OpenTelemetry metrics (valid only during the export call) into Prometheus metric families.
/// Metrics that map to the same name are merged when their types agree; a later one of another type is dropped.
/// </summary>
public static class OpenTelemetryBatchConverter
{
    public static IReadOnlyList<PrometheusMetricFamily> Convert(in Batch<Metric> batch)
    {
        var families = new SortedDictionary<string, FamilyBuilder>(StringComparer.Ordinal);
        foreach (var metric in batch)
        {
            if (ToPrometheusType(metric.MetricType) is not { } type)
            {
                continue; // Exponential histograms have no 0.0.4 text form.
            }

            var name = PrometheusNaming.FamilyName(metric.Name, metric.Unit, type);
            if (!families.TryGetValue(name, out var family))
            {
                family = new FamilyBuilder(name, HelpFor(metric), type);
                families.Add(name, family);
            }
            else if (family.Type != type)
            {
                continue;
            }

            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var labels = Labels(point, type);
                family.Add(labels, ReadSeries(metric.MetricType, point, labels));
            }
        }

        return [.. families.Values.Select(family => family.Build())];
    }

    private static PrometheusMetricType? ToPrometheusType(MetricType type) => type switch
    {
        MetricType.LongSum or MetricType.DoubleSum => PrometheusMetricType.Counter,
        MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic => PrometheusMetricType.Gauge,
        MetricType.LongGauge or MetricType.DoubleGauge => PrometheusMetricType.Gauge,
        MetricType.Histogram => PrometheusMetricType.Histogram,
        _ => null,
    };

    // promtool warns on a family without help text, so a metric without a description still says what it is.
    private static string HelpFor(Metric metric) =>
        string.IsNullOrWhiteSpace(metric.Description) ? $"{metric.Name} from meter {metric.MeterName}" : metric.Description;

    private static List<KeyValuePair<string, string>> Labels(in MetricPoint point, PrometheusMetricType type)
    {
        var labels = new List<KeyValuePair<string, string>>();
        foreach (var tag in point.Tags)
        {
            var labelName = PrometheusNaming.SanitizeLabelName(tag.Key);
            var reserved = type == PrometheusMetricType.Histogram && labelName == "le";
            if (reserved || labels.Exists(label => label.Key == labelName))
            {
                continue;
            }

            labels.Add(new(labelName, LabelValue(tag.Value)));
        }

        return labels;
    }

    private static string LabelValue(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static PrometheusSeries ReadSeries(MetricType metricType, in MetricPoint point, List<KeyValuePair<string, string>> labels) => metricType switch
    {
        MetricType.LongSum or MetricType.LongSumNonMonotonic => new(labels, point.GetSumLong()),
        MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => new(labels, point.GetSumDouble()),
        MetricType.LongGauge => new(labels, point.GetGaugeLastValueLong()),
        MetricType.DoubleGauge => new(labels, point.GetGaugeLastValueDouble()),
        _ => new(labels, 0, ReadHistogram(point)),
    };

    private static PrometheusHistogram ReadHistogram(in MetricPoint point)
    {
        var buckets = new List<PrometheusBucket>();
        long cumulative = 0;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            buckets.Add(new PrometheusBucket(bucket.ExplicitBound, cumulative));
        }

        return new PrometheusHistogram(buckets, point.GetHistogramSum(), point.GetHistogramCount());
    }

    private sealed class FamilyBuilder(string name, string help, PrometheusMetricType type)
    {
        private readonly List<PrometheusSeries> series = [];
        private readonly HashSet<string> seenLabelSets = new(StringComparer.Ordinal);

        public PrometheusMetricType Type { get; } = type;

        public void Add(List<KeyValuePair<string, string>> labels, PrometheusSeries one)
        {
            // Two metrics merged into one family must not expose the same series twice.
            var identity = string.Join('\u0001', labels.OrderBy(label => label.Key, StringComparer.Ordinal).Select(label => label.Key + "=" + label.Value));
            if (this.seenLabelSets.Add(identity))
            {
                this.series.Add(one);
            }
        }

        public PrometheusMetricFamily Build() => new(name, help, this.Type, this.series);
    }
}
