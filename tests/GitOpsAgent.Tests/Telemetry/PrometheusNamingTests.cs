using GitOpsAgent.Telemetry.Prometheus;

namespace GitOpsAgent.Tests.Telemetry;

public sealed class PrometheusNamingTests
{
    [Theory]
    [InlineData("gitopsagent.app.sync", "{sync}", PrometheusMetricType.Counter, "gitopsagent_app_sync_total")]
    [InlineData("gitopsagent.app.reconcile.duration", "s", PrometheusMetricType.Histogram, "gitopsagent_app_reconcile_duration_seconds")]
    [InlineData("gitopsagent_app_reconcile_duration_seconds", "s", PrometheusMetricType.Histogram, "gitopsagent_app_reconcile_duration_seconds")]
    [InlineData("process.cpu", "s", PrometheusMetricType.Counter, "process_cpu_seconds_total")]
    [InlineData("process_cpu_seconds_total", "s", PrometheusMetricType.Counter, "process_cpu_seconds_total")]
    [InlineData("process.resident_memory", "By", PrometheusMetricType.Gauge, "process_resident_memory_bytes")]
    [InlineData("gitopsagent.workqueue.depth", "{item}", PrometheusMetricType.Gauge, "gitopsagent_workqueue_depth")]
    [InlineData("gitopsagent.leader", null, PrometheusMetricType.Gauge, "gitopsagent_leader")]
    [InlineData("dotnet.gc.heap.total_allocated", "By", PrometheusMetricType.Counter, "dotnet_gc_heap_total_allocated_bytes_total")]
    [InlineData("cache.hit.ratio", "1", PrometheusMetricType.Gauge, "cache_hit_ratio")]
    [InlineData("requests", "1", PrometheusMetricType.Counter, "requests_total")]
    [InlineData("throughput", "By/s", PrometheusMetricType.Gauge, "throughput_bytes_per_second")]
    [InlineData("http.server.request.duration", "ms", PrometheusMetricType.Histogram, "http_server_request_duration_milliseconds")]
    public void FamilyName_InstrumentNameUnitAndType_FollowsPrometheusConventions(string instrument, string? unit, PrometheusMetricType type, string expected)
    {
        Assert.Equal(expected, PrometheusNaming.FamilyName(instrument, unit, type));
    }

    [Theory]
    [InlineData("a.b-c/d", "a_b_c_d")]
    [InlineData("9lives", "_9lives")]
    [InlineData("rule:name", "rule_name")]
    [InlineData("a..b__c_", "a_b_c")]
    [InlineData("ünïcode", "n_code")]
    [InlineData("...", "unnamed")]
    public void SanitizeMetricName_InvalidCharacters_ReplacedWithUnderscores(string name, string expected)
    {
        Assert.Equal(expected, PrometheusNaming.SanitizeMetricName(name));
    }

    [Theory]
    [InlineData("gc.heap.generation", "gc_heap_generation")]
    [InlineData("__reserved", "reserved")]
    [InlineData("1st", "key_1st")]
    [InlineData("http.response.status_code", "http_response_status_code")]
    public void SanitizeLabelName_AttributeKey_BecomesValidLabelName(string key, string expected)
    {
        Assert.Equal(expected, PrometheusNaming.SanitizeLabelName(key));
    }
}
