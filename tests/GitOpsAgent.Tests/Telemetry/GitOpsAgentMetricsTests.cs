using GitOpsAgent.Telemetry;

namespace GitOpsAgent.Tests.Telemetry;

public sealed class GitOpsAgentMetricsTests
{
    // Other tests in this process may record on the same meter name; a unique namespace keeps their series apart.
    private static string UniqueNamespace() => "ns-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public void Scrape_OneSampleOfEach_ExposesEveryRequiredFamilyWithItsTypeAndLabels()
    {
        using var telemetry = new TelemetryTestServices();
        MetricSamples.RecordOneOfEach(telemetry.Metrics, UniqueNamespace());

        var exposition = telemetry.Scrape();

        foreach (var (family, (type, labels)) in MetricSamples.RequiredFamilies)
        {
            Assert.True(exposition.Types.TryGetValue(family, out var actualType), $"family {family} is missing");
            Assert.Equal(type, actualType);
            Assert.False(string.IsNullOrWhiteSpace(exposition.Helps[family]), $"family {family} has no help");
            var samples = exposition.SamplesOf(family).ToList();
            Assert.NotEmpty(samples);
            foreach (var sample in samples)
            {
                var expected = sample.Name.EndsWith("_bucket", StringComparison.Ordinal) ? [.. labels, "le"] : labels;
                Assert.Equal(expected.Order(StringComparer.Ordinal), sample.Labels.Keys.Order(StringComparer.Ordinal));
            }
        }
    }

    [Fact]
    public void Scrape_OneSampleOfEach_ExposesRuntimeFamilies()
    {
        using var telemetry = new TelemetryTestServices();

        var exposition = telemetry.Scrape();

        Assert.Equal("counter", exposition.Types["dotnet_process_cpu_time_seconds_total"]);
        Assert.Equal("gauge", exposition.Types["dotnet_process_memory_working_set_bytes"]);
        Assert.Equal("counter", exposition.Types["dotnet_gc_collections_total"]);
        Assert.Equal("gauge", exposition.Types["dotnet_thread_pool_threads"]);
        Assert.Equal("gauge", exposition.Types["dotnet_thread_pool_queue_length"]);
        Assert.DoesNotContain("dotnet_thread_pool_threads_total", exposition.Types.Keys);
        Assert.Contains(exposition.Types, type => type.Key.StartsWith("dotnet_gc_last_collection_heap_size", StringComparison.Ordinal));
    }

    [Fact]
    public void Scrape_NoFamily_EndsInReservedSuffixUnlessHistogram()
    {
        using var telemetry = new TelemetryTestServices();
        MetricSamples.RecordOneOfEach(telemetry.Metrics, UniqueNamespace());

        var exposition = telemetry.Scrape();

        foreach (var (name, type) in exposition.Types)
        {
            Assert.Equal(type == "counter", name.EndsWith("_total", StringComparison.Ordinal));
            if (type != "histogram")
            {
                Assert.False(name.EndsWith("_count", StringComparison.Ordinal) || name.EndsWith("_sum", StringComparison.Ordinal) || name.EndsWith("_bucket", StringComparison.Ordinal), name);
            }

            Assert.DoesNotContain("_seconds_seconds", name, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SetApplicationInfo_Scraped_AppInfoSeriesHasLabelsAndValueOne()
    {
        using var telemetry = new TelemetryTestServices();
        var ns = UniqueNamespace();
        telemetry.Metrics.SetApplicationInfo(ns, "web", new ApplicationInfo("https://git.example.test/a.git", "prod", "OutOfSync", "Degraded", AutoSync: false));

        var series = Assert.Single(telemetry.Scrape().SamplesOf("gitopsagent_app_info"), sample => sample.Labels["namespace"] == ns);

        Assert.Equal("1", series.Value);
        Assert.Equal("web", series.Labels["name"]);
        Assert.Equal("https://git.example.test/a.git", series.Labels["repo"]);
        Assert.Equal("prod", series.Labels["dest_namespace"]);
        Assert.Equal("OutOfSync", series.Labels["sync_status"]);
        Assert.Equal("Degraded", series.Labels["health_status"]);
        Assert.Equal("false", series.Labels["autosync"]);
    }

    [Fact]
    public void RecordWebhook_LabelValueNeedingEscapes_RoundTripsThroughTheTextFormat()
    {
        using var telemetry = new TelemetryTestServices();
        telemetry.Metrics.RecordWebhook(MetricSamples.OddProvider, "odd-" + Guid.NewGuid().ToString("N")[..8]);

        var exposition = telemetry.Scrape();

        Assert.Contains(exposition.SamplesOf("gitopsagent_webhook_requests_total"), sample => sample.Labels["provider"] == MetricSamples.OddProvider);
    }

    [Fact]
    public void SetApplicationInfo_StatusChanges_OnlyTheNewSeriesRemains()
    {
        using var telemetry = new TelemetryTestServices();
        var ns = UniqueNamespace();
        telemetry.Metrics.SetApplicationInfo(ns, "web", new ApplicationInfo("r", "prod", "OutOfSync", "Progressing", AutoSync: true));
        _ = telemetry.Scrape();

        telemetry.Metrics.SetApplicationInfo(ns, "web", new ApplicationInfo("r", "prod", "Synced", "Healthy", AutoSync: true));
        var series = Assert.Single(telemetry.Scrape().SamplesOf("gitopsagent_app_info"), sample => sample.Labels["namespace"] == ns);

        Assert.Equal("Synced", series.Labels["sync_status"]);
        Assert.Equal("Healthy", series.Labels["health_status"]);
    }

    [Fact]
    public void RemoveApplication_AfterScrape_AppInfoSeriesDisappears()
    {
        using var telemetry = new TelemetryTestServices();
        var ns = UniqueNamespace();
        telemetry.Metrics.SetApplicationInfo(ns, "web", new ApplicationInfo("r", "prod", "Synced", "Healthy", AutoSync: true));
        Assert.Single(telemetry.Scrape().SamplesOf("gitopsagent_app_info"), sample => sample.Labels["namespace"] == ns);

        telemetry.Metrics.RemoveApplication(ns, "web");

        Assert.DoesNotContain(telemetry.Scrape().SamplesOf("gitopsagent_app_info"), sample => sample.Labels["namespace"] == ns);
    }

    [Fact]
    public void RecordReconcile_Scraped_HistogramHasBucketsFrom5MillisecondsTo60Seconds()
    {
        using var telemetry = new TelemetryTestServices();
        var ns = UniqueNamespace();
        telemetry.Metrics.RecordReconcile(ns, "web", TimeSpan.FromSeconds(0.2));
        telemetry.Metrics.RecordReconcile(ns, "web", TimeSpan.FromSeconds(90));

        var samples = telemetry.Scrape().SamplesOf("gitopsagent_app_reconcile_duration_seconds")
            .Where(sample => sample.Labels["namespace"] == ns).ToList();

        var buckets = samples.Where(sample => sample.Name.EndsWith("_bucket", StringComparison.Ordinal)).ToList();
        Assert.Equal(["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30", "60", "+Inf"], buckets.Select(bucket => bucket.Labels["le"]));
        Assert.Equal("0", buckets.Single(bucket => bucket.Labels["le"] == "0.1").Value);
        Assert.Equal("1", buckets.Single(bucket => bucket.Labels["le"] == "0.25").Value);
        Assert.Equal("1", buckets.Single(bucket => bucket.Labels["le"] == "60").Value);
        Assert.Equal("2", buckets.Single(bucket => bucket.Labels["le"] == "+Inf").Value);
        Assert.Equal("90.2", samples.Single(sample => sample.Name.EndsWith("_sum", StringComparison.Ordinal)).Value);
        Assert.Equal("2", samples.Single(sample => sample.Name.EndsWith("_count", StringComparison.Ordinal)).Value);
    }

    [Fact]
    public void RecordSync_Twice_CounterIsCumulative()
    {
        using var telemetry = new TelemetryTestServices();
        var ns = UniqueNamespace();
        telemetry.Metrics.RecordSync(ns, "web", "Failed");
        _ = telemetry.Scrape();
        telemetry.Metrics.RecordSync(ns, "web", "Failed");

        var series = Assert.Single(telemetry.Scrape().SamplesOf("gitopsagent_app_sync_total"), sample => sample.Labels["namespace"] == ns);

        Assert.Equal("2", series.Value);
        Assert.Equal("Failed", series.Labels["phase"]);
    }

    [Fact]
    public void RecordKubeRequest_StatusCode_BecomesCodeLabelAndVerbOnlyOnHistogram()
    {
        using var telemetry = new TelemetryTestServices();
        var resource = "widgets" + Guid.NewGuid().ToString("N")[..8];
        telemetry.Metrics.RecordKubeRequest("DELETE", resource, 404, TimeSpan.FromMilliseconds(3));

        var exposition = telemetry.Scrape();

        var counter = Assert.Single(exposition.SamplesOf("gitopsagent_kube_request_total"), sample => sample.Labels["resource"] == resource);
        Assert.Equal("404", counter.Labels["code"]);
        Assert.Equal("DELETE", counter.Labels["verb"]);
        Assert.Contains(exposition.SamplesOf("gitopsagent_kube_request_duration_seconds"), sample => sample.Labels["verb"] == "DELETE");
    }

    [Fact]
    public void RecordPruned_NegativeCount_Throws()
    {
        using var telemetry = new TelemetryTestServices();

        Assert.Throws<ArgumentOutOfRangeException>(() => telemetry.Metrics.RecordPruned("ns", "web", -1));
    }

    [Fact]
    public void SetLeader_LeadingThenNot_GaugeFollows()
    {
        using var telemetry = new TelemetryTestServices();
        telemetry.Metrics.SetLeader(7, leading: true);
        Assert.Equal("1", telemetry.Scrape().SamplesOf("gitopsagent_leader").Last(sample => sample.Labels["shard"] == "7").Value);

        telemetry.Metrics.SetLeader(7, leading: false);

        Assert.Equal("0", telemetry.Scrape().SamplesOf("gitopsagent_leader").Last(sample => sample.Labels["shard"] == "7").Value);
    }

    [Fact]
    public void Scrape_WithinCacheDuration_SharesOneCollection()
    {
        using var telemetry = new TelemetryTestServices();
        var provider = "prov-" + Guid.NewGuid().ToString("N")[..8];
        telemetry.Metrics.RecordWebhook(provider, "accepted");
        var first = telemetry.Scrape();

        telemetry.Metrics.RecordWebhook(provider, "accepted");
        var cached = Exposition.Parse(telemetry.ScrapeText());
        telemetry.Clock.Advance(TimeSpan.FromSeconds(1));
        var fresh = Exposition.Parse(telemetry.ScrapeText());

        string Count(Exposition exposition) => exposition.SamplesOf("gitopsagent_webhook_requests_total").Single(sample => sample.Labels["provider"] == provider).Value;
        Assert.Equal("1", Count(first));
        Assert.Equal("1", Count(cached));
        Assert.Equal("2", Count(fresh));
    }

    [Fact]
    public void AddGitOpsAgentTelemetry_OtlpEndpointNotAUrl_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new TelemetryTestServices(new TelemetryOptions { OtlpEndpoint = "collector:4317" }));

        Assert.Contains("collector:4317", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddGitOpsAgentTelemetry_WithOtlpEndpoint_StillServesScrapes()
    {
        using var telemetry = new TelemetryTestServices(new TelemetryOptions { OtlpEndpoint = "http://127.0.0.1:9" });
        var ns = UniqueNamespace();
        telemetry.Metrics.RecordDrift(ns, "web");

        Assert.Single(telemetry.Scrape().SamplesOf("gitopsagent_app_drift_total"), sample => sample.Labels["namespace"] == ns);
    }
}
