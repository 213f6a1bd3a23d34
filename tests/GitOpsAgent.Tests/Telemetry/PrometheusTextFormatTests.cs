using System.Globalization;
using GitOpsAgent.Telemetry.Prometheus;

namespace GitOpsAgent.Tests.Telemetry;

public sealed class PrometheusTextFormatTests
{
    private static KeyValuePair<string, string> Label(string name, string value) => new(name, value);

    [Fact]
    public void Write_Counter_WritesHelpTypeAndSampleOnce()
    {
        var family = new PrometheusMetricFamily("gitopsagent_app_sync_total", "Sync operations.", PrometheusMetricType.Counter,
        [
            new([Label("namespace", "apps"), Label("name", "web"), Label("phase", "Succeeded")], 3),
            new([Label("namespace", "apps"), Label("name", "web"), Label("phase", "Failed")], 1),
        ]);

        var text = PrometheusTextFormat.Write([family]);

        Assert.Equal(
            "# HELP gitopsagent_app_sync_total Sync operations.\n" +
            "# TYPE gitopsagent_app_sync_total counter\n" +
            "gitopsagent_app_sync_total{namespace=\"apps\",name=\"web\",phase=\"Succeeded\"} 3\n" +
            "gitopsagent_app_sync_total{namespace=\"apps\",name=\"web\",phase=\"Failed\"} 1\n",
            text);
    }

    [Fact]
    public void Write_HistogramWithLabels_WritesCumulativeBucketsSumAndCount()
    {
        var histogram = new PrometheusHistogram(
            [new(0.005, 1), new(0.5, 3), new(60, 4), new(double.PositiveInfinity, 5)], Sum: 75.25, Count: 5);
        var family = new PrometheusMetricFamily("gitopsagent_git_request_duration_seconds", "Git requests.", PrometheusMetricType.Histogram,
            [new([Label("repo", "https://example.test/r.git"), Label("request_type", "fetch")], 0, histogram)]);

        var text = PrometheusTextFormat.Write([family]);

        const string labels = "repo=\"https://example.test/r.git\",request_type=\"fetch\"";
        Assert.Equal(
            "# HELP gitopsagent_git_request_duration_seconds Git requests.\n" +
            "# TYPE gitopsagent_git_request_duration_seconds histogram\n" +
            $"gitopsagent_git_request_duration_seconds_bucket{{{labels},le=\"0.005\"}} 1\n" +
            $"gitopsagent_git_request_duration_seconds_bucket{{{labels},le=\"0.5\"}} 3\n" +
            $"gitopsagent_git_request_duration_seconds_bucket{{{labels},le=\"60\"}} 4\n" +
            $"gitopsagent_git_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} 5\n" +
            $"gitopsagent_git_request_duration_seconds_sum{{{labels}}} 75.25\n" +
            $"gitopsagent_git_request_duration_seconds_count{{{labels}}} 5\n",
            text);
    }

    [Fact]
    public void Write_HistogramWithoutInfinityBucket_AddsInfinityBucketEqualToCount()
    {
        var family = new PrometheusMetricFamily("wait_seconds", "Waits.", PrometheusMetricType.Histogram,
            [new([], 0, new PrometheusHistogram([new(1, 2)], Sum: 3, Count: 7))]);

        var text = PrometheusTextFormat.Write([family]);

        Assert.Contains("wait_seconds_bucket{le=\"1\"} 2\nwait_seconds_bucket{le=\"+Inf\"} 7\nwait_seconds_sum 3\nwait_seconds_count 7\n", text);
    }

    [Fact]
    public void Write_GaugeWithoutLabels_WritesBareSample()
    {
        var family = new PrometheusMetricFamily("gitopsagent_workqueue_depth", "Queue depth.", PrometheusMetricType.Gauge, [new([], 12)]);

        var text = PrometheusTextFormat.Write([family]);

        Assert.Equal("# HELP gitopsagent_workqueue_depth Queue depth.\n# TYPE gitopsagent_workqueue_depth gauge\ngitopsagent_workqueue_depth 12\n", text);
    }

    [Fact]
    public void Write_LabelValueWithBackslashQuoteAndNewline_EscapesThem()
    {
        var family = new PrometheusMetricFamily("g", "h", PrometheusMetricType.Gauge, [new([Label("path", "C:\\dir \"x\"\nnext")], 1)]);

        var text = PrometheusTextFormat.Write([family]);

        Assert.Contains("g{path=\"C:\\\\dir \\\"x\\\"\\nnext\"} 1\n", text);
    }

    [Fact]
    public void Write_HelpWithBackslashAndNewline_EscapesThemButNotQuotes()
    {
        var family = new PrometheusMetricFamily("g", "a \\ \"b\"\nc", PrometheusMetricType.Gauge, []);

        var text = PrometheusTextFormat.Write([family]);

        Assert.StartsWith("# HELP g a \\\\ \"b\"\\nc\n", text);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.005, "0.005")]
    [InlineData(1234567.5, "1234567.5")]
    [InlineData(-2, "-2")]
    [InlineData(1e-7, "1E-07")]
    public void FormatNumber_AnyValue_UsesInvariantPrometheusSpelling(double value, string expected)
    {
        Assert.Equal(expected, PrometheusTextFormat.FormatNumber(value));
    }

    [Fact]
    public void FormatNumber_UnderCommaDecimalCulture_StillUsesDot()
    {
        var previous = CultureInfo.CurrentCulture;
        var commaDecimal = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaDecimal.NumberFormat.NumberDecimalSeparator = ",";
        try
        {
            CultureInfo.CurrentCulture = commaDecimal;

            Assert.Equal("2.5", PrometheusTextFormat.FormatNumber(2.5));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
