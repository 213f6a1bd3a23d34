using System.Globalization;
using System.Text;

namespace GitOpsAgent.Telemetry.Prometheus;

/// <summary>Writes metric families in the Prometheus text exposition format, version 0.0.4.</summary>
public static class PrometheusTextFormat
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The whole exposition: HELP and TYPE once per family, then its samples, families in the given order.</summary>
    public static string Write(IEnumerable<PrometheusMetricFamily> families)
    {
        var text = new StringBuilder();
        foreach (var family in families)
        {
            WriteFamily(text, family);
        }

        return text.ToString();
    }

    public static void WriteFamily(StringBuilder text, PrometheusMetricFamily family)
    {
        text.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
        text.Append("# TYPE ").Append(family.Name).Append(' ').Append(TypeWord(family.Type)).Append('\n');
        foreach (var series in family.Series)
        {
            if (family.Type == PrometheusMetricType.Histogram && series.Histogram is { } histogram)
            {
                WriteHistogram(text, family.Name, series.Labels, histogram);
            }
            else
            {
                WriteSample(text, family.Name, series.Labels, null, FormatNumber(series.Value));
            }
        }
    }

    /// <summary>A sample value or bound: invariant, shortest round-trip, with Prometheus' spellings of infinities and NaN.</summary>
    public static string FormatNumber(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        return double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Escapes a label value: backslash, double quote and line feed.</summary>
    public static string EscapeLabelValue(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', '"', '\n') < 0)
        {
            return value;
        }

        return value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
    }

    /// <summary>Escapes a HELP text: backslash and line feed (quotes stay as they are).</summary>
    public static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string TypeWord(PrometheusMetricType type) => type switch
    {
        PrometheusMetricType.Counter => "counter",
        PrometheusMetricType.Histogram => "histogram",
        _ => "gauge",
    };

    private static void WriteHistogram(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels, PrometheusHistogram histogram)
    {
        var sawInfinity = false;
        foreach (var bucket in histogram.Buckets)
        {
            sawInfinity |= double.IsPositiveInfinity(bucket.UpperBound);
            WriteSample(text, name + "_bucket", labels, FormatNumber(bucket.UpperBound), bucket.CumulativeCount.ToString(CultureInfo.InvariantCulture));
        }

        // The +Inf bucket is mandatory and always equals the count.
        if (!sawInfinity)
        {
            WriteSample(text, name + "_bucket", labels, "+Inf", histogram.Count.ToString(CultureInfo.InvariantCulture));
        }

        WriteSample(text, name + "_sum", labels, null, FormatNumber(histogram.Sum));
        WriteSample(text, name + "_count", labels, null, histogram.Count.ToString(CultureInfo.InvariantCulture));
    }

    private static void WriteSample(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels, string? le, string value)
    {
        text.Append(name);
        if (labels.Count > 0 || le is not null)
        {
            text.Append('{');
            var first = true;
            foreach (var (labelName, labelValue) in labels)
            {
                if (!first)
                {
                    text.Append(',');
                }

                first = false;
                text.Append(labelName).Append("=\"").Append(EscapeLabelValue(labelValue)).Append('"');
            }

            if (le is not null)
            {
                if (!first)
                {
                    text.Append(',');
                }

                text.Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(value).Append('\n');
    }
}
