using GitOpsAgent.Chart.Tests.Promql;

namespace GitOpsAgent.Chart.Tests;

public class PromqlMetricNamesTests
{
    [Fact]
    public void Extract_QuantileOverHistogram_ReturnsOnlyTheBucketSeries()
    {
        var names = PromqlMetricNames.Extract(
            """histogram_quantile(0.9, sum by (le, verb) (rate(gitopsagent_kube_request_duration_seconds_bucket{code=~"5..", job="x"}[5m])))""");

        Assert.Equal(["gitopsagent_kube_request_duration_seconds_bucket"], names);
    }

    [Fact]
    public void Extract_BinaryExpressionWithKeywordsAndNumbers_ReturnsBothOperands()
    {
        var names = PromqlMetricNames.Extract(
            "sum(rate(a_total[5m])) / clamp_min(sum without (pod) (rate(b_total[5m])), 1e-9) > bool 0 or on (shard) vector(0) unless c");

        Assert.Equal(["a_total", "b_total", "c"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Extract_UnknownMetric_IsReturnedSoItCanBeRejected()
    {
        var names = PromqlMetricNames.Extract("""max by (namespace) (gitopsagent_app_infoo{health_status="Degraded"}) > 0""");

        Assert.DoesNotContain("gitopsagent_app_infoo", KnownMetrics.All);
        Assert.Equal(["gitopsagent_app_infoo"], names);
    }

    [Fact]
    public void KnownMetrics_Histogram_HasBucketSumAndCountButNotTheBareName()
    {
        Assert.Contains("gitopsagent_app_reconcile_duration_seconds_bucket", KnownMetrics.All);
        Assert.Contains("gitopsagent_app_reconcile_duration_seconds_count", KnownMetrics.All);
        Assert.DoesNotContain("gitopsagent_app_reconcile_duration_seconds", KnownMetrics.All);
    }
}
