using GitOpsAgent.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace GitOpsAgent.Tests.Telemetry;

public sealed class GitOpsAgentMetricsTests
{
    // Other tests in this process may record on the same meter name; a unique namespace keeps their series apart.
    private static string UniqueNamespace() => "ns-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Scrape_OneSampleOfEach_ExposesEveryRequiredFamilyWithItsTypeAndLabels()
    {
        await using var telemetry = await MetricsTestHost.StartAsync(TestContext.Current.CancellationToken);
        MetricSamples.RecordOneOfEach(telemetry.Metrics, UniqueNamespace());

        var exposition = (await telemetry.ScrapeAsync());

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
    public async Task Scrape_OneSampleOfEach_ExposesRuntimeFamilies()
    {
        await using var telemetry = await MetricsTestHost.StartAsync(TestContext.Current.CancellationToken);

        var exposition = (await telemetry.ScrapeAsync());

        Assert.Equal("counter", exposition.Types["dotnet_process_cpu_time_seconds_total"]);
        Assert.Equal("gauge", exposition.Types["dotnet_process_memory_working_set_bytes"]);
        Assert.Equal("counter", exposition.Types["dotnet_gc_collections_total"]);
        Assert.Equal("gauge", exposition.Types["dotnet_thread_pool_threads"]);
        Assert.Equal("gauge", exposition.Types["dotnet_thread_pool_queue_length"]);
        Assert.DoesNotContain("dotnet_thread_pool_threads_total", exposition.Types.Keys);
        Assert.Contains(exposition.Types, type => type.Key.StartsWith("dotnet_gc_last_collection_heap_size", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scrape_NoFamily_EndsInReservedSuffixUnlessHistogram()
    {
        await using var telemetry = await MetricsTestHost.StartAsync(TestContext.Current.CancellationToken);
        MetricSamples.RecordOneOfEach(telemetry.Metrics, UniqueNamespace());

        var exposition = (await telemetry.ScrapeAsync());

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
    public async Task SetApplicationInfo_Scraped_AppInfoSeriesHasLabelsAndValueOne()
    {
        await using var telemetry = await MetricsTestHost.StartAsync(TestContext.Current.CancellationToken);
        var ns = UniqueNamespace();
        telemetry.Metrics.SetApplicationInfo(ns, "web", new ApplicationInfo("https://git.example.test/a.git", "prod", "OutOfSync", "Degraded", AutoSync: false));

        var series = Assert.Single((await telemetry.ScrapeAsync()).SamplesOf("gitopsagent_app_info"), sample => sample.Labels["namespace"] == ns);

        Assert.Equal("1", series.Value);
        Assert.Equal("web", series.Labels["name"]);
        Assert.Equal("https://git.example.test/a.git", series.Labels["repo"]);
        Assert.Equal("prod", series.Labels["dest_namespace"]);
        Assert.Equal("OutOfSync", series.Labels["sync_status"]);
        Assert.Equal("Degraded", series.Labels["health_status"]);
        Assert.Equal("false", series.Labels["autosync"]);
        Assert.False(series.Labels.ContainsKey("cluster"));
    }

    [Fact]
    public async Task ClusterName_Scraped_EveryPerApplicationSeriesCarriesTheClusterLabel()
    {
        await using var telemetry = await MetricsTestHost.StartAsync(TestContext.Current.CancellationToken, new TelemetryOptions { ClusterName = "east" });
        var ns = UniqueNamespace();
        telemetry.Metrics.SetApplicationInfo(ns, "web", new ApplicationInfo("https://git.example.test/a.git", "prod", "Synced", "Healthy", AutoSync: true));
        telemetry.Metrics.SetConditions(ns, "web", [("Ready", "True")]);
        telemetry.Metrics.RecordReconcileError(ns, "web", "SubstitutionFailed");
        telemetry.Metrics.RecordReconcile(ns, "web", TimeSpan.FromMilliseconds(20));

        var exposition = await telemetry.ScrapeAsync();

        foreach (var family in (string[])["gitopsagent_app_info", "gitopsagent_app_condition", "gitopsagent_reconcile_errors_total", "gitopsagent_app_reconcile_duration_seconds"])
        {
            var samples = exposition.SamplesOf(family).Where(s => s.Labels.GetValueOrDefault("namespace") == ns).ToList();
            Assert.NotEmpty(samples);
            Assert.All(samples, s => Assert.Equal("east", s.Labels["cluster"]));
        }
    }

    [Fact]
    public async Task RecordWebhook_LabelValueNeedingEscapes_RoundTripsThroughTheTextFormat()
    {
        await using var telemetry = await MetricsTestHost.StartAsync(TestContext.Current.CancellationToken);
        telemetry.Metrics.RecordWebhook(MetricSamples.OddProvider, "odd-" + Guid.NewGuid().ToString("N")[..8]);

        var exposition = (await telemetry.ScrapeAsync());

        Assert.Contains(exposition.SamplesOf("gitopsagent_webhook_requests_total"), sample => sample.Labels["provider"] == MetricSamples.OddProvider);
    }

    [Fact]
    public async Task SetApplicationInfo_StatusChanges_OnlyTheNewSeriesRemains()
    {
        await using var telemetry = await MetricsTestHost.StartAsync(TestContext.Current.CancellationToken);
        var ns = UniqueNamespace();
        telemetry.Metrics.SetApplicationInfo(ns, "web", new ApplicationInfo("r", "prod", "OutOfSync", "Progressing", AutoSync: true));
        _ = (await telemetry.ScrapeAsync());

        telemetry.Metrics.SetApplicationInfo(ns, "web", new ApplicationInfo("r", "prod", "Synced", "Healthy", AutoSync: true));
        var series = Assert.Single((await telemetry.ScrapeAsync()).SamplesOf("gitopsagent_app_info"), sample => sample.Labels["namespace"] == ns);

        Assert.Equal("Synced", series.Labels["sync_status"]);
        Assert.Equal("Healthy", series.Labels["health_status"]);
    }

    [Fact]
    public async Task RemoveApplication_AfterScrape_AppInfoSeriesDisappears()
    {
        await using var telemetry = await MetricsTestHost.StartAsync(TestContext.Current.CancellationToken);
        var ns = UniqueNamespace();
        telemetry.Metrics.SetApplicationInfo(ns, "web", new ApplicationInfo("r", "prod", "Synced", "Healthy", AutoSync: true));
        Assert.Single((await telemetry.ScrapeAsync()).SamplesOf("gitopsagent_app_info"), sample => sample.Labels["namespace"] == ns);

        telemetry.Metrics.RemoveApplication(ns, "web");

        Assert.DoesNotContain((await telemetry.ScrapeAsync()).SamplesOf("gitopsagent_app_info"), sample => sample.Labels["namespace"] == ns);
    }

    [Fact]
    public async Task RecordReconcile_Scraped_HistogramHasBucketsFrom5MillisecondsTo60Seconds()
    {
        await using var telemetry = await MetricsTestHost.StartAsync(TestContext.Current.CancellationToken);
        var ns = UniqueNamespace();
        telemetry.Metrics.RecordReconcile(ns, "web", TimeSpan.FromSeconds(0.2));
        telemetry.Metrics.RecordReconcile(ns, "web", TimeSpan.FromSeconds(90));

        var samples = (await telemetry.ScrapeAsync()).SamplesOf("gitopsagent_app_reconcile_duration_seconds")
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
    public async Task RecordSync_Twice_CounterIsCumulative()
    {
        await using var telemetry = await MetricsTestHost.StartAsync(TestContext.Current.CancellationToken);
        var ns = UniqueNamespace();
        telemetry.Metrics.RecordSync(ns, "web", "Failed");
        _ = (await telemetry.ScrapeAsync());
        telemetry.Metrics.RecordSync(ns, "web", "Failed");

        var series = Assert.Single((await telemetry.ScrapeAsync()).SamplesOf("gitopsagent_app_sync_total"), sample => sample.Labels["namespace"] == ns);

        Assert.Equal("2", series.Value);
        Assert.Equal("Failed", series.Labels["phase"]);
    }

    [Fact]
    public async Task RecordKubeRequest_StatusCode_BecomesCodeLabelAndVerbOnlyOnHistogram()
    {
        await using var telemetry = await MetricsTestHost.StartAsync(TestContext.Current.CancellationToken);
        var resource = "widgets" + Guid.NewGuid().ToString("N")[..8];
        telemetry.Metrics.RecordKubeRequest("DELETE", resource, 404, TimeSpan.FromMilliseconds(3));

        var exposition = (await telemetry.ScrapeAsync());

        var counter = Assert.Single(exposition.SamplesOf("gitopsagent_kube_request_total"), sample => sample.Labels["resource"] == resource);
        Assert.Equal("404", counter.Labels["code"]);
        Assert.Equal("DELETE", counter.Labels["verb"]);
        Assert.Contains(exposition.SamplesOf("gitopsagent_kube_request_duration_seconds"), sample => sample.Labels["verb"] == "DELETE");
    }

    [Fact]
    public async Task RecordPruned_NegativeCount_Throws()
    {
        await using var telemetry = await MetricsTestHost.StartAsync(TestContext.Current.CancellationToken);

        Assert.Throws<ArgumentOutOfRangeException>(() => telemetry.Metrics.RecordPruned("ns", "web", -1));
    }

    [Fact]
    public async Task SetLeader_LeadingThenNot_GaugeFollows()
    {
        await using var telemetry = await MetricsTestHost.StartAsync(TestContext.Current.CancellationToken);
        telemetry.Metrics.SetLeader(7, leading: true);
        Assert.Equal("1", (await telemetry.ScrapeAsync()).SamplesOf("gitopsagent_leader").Last(sample => sample.Labels["shard"] == "7").Value);

        telemetry.Metrics.SetLeader(7, leading: false);

        Assert.Equal("0", (await telemetry.ScrapeAsync()).SamplesOf("gitopsagent_leader").Last(sample => sample.Labels["shard"] == "7").Value);
    }

    [Fact]
    public async Task Scrape_WithinCacheDuration_SharesOneCollection()
    {
        // A cache far longer than the test: the second scrape can only be the first one's answer.
        var options = new TelemetryOptions { ScrapeCacheDuration = TimeSpan.FromMinutes(5) };
        await using var telemetry = await MetricsTestHost.StartAsync(TestContext.Current.CancellationToken, options);
        var provider = "prov-" + Guid.NewGuid().ToString("N")[..8];
        telemetry.Metrics.RecordWebhook(provider, "accepted");
        var first = await telemetry.ScrapeTextAsync();

        telemetry.Metrics.RecordWebhook(provider, "accepted");
        var cached = await telemetry.ScrapeTextAsync();

        Assert.Equal(first, cached);
        Assert.Equal("1", WebhookCount(Exposition.Parse(cached), provider));
    }

    [Fact]
    public async Task Scrape_CacheDurationZero_EachScrapeCollects()
    {
        await using var telemetry = await MetricsTestHost.StartAsync(TestContext.Current.CancellationToken, new TelemetryOptions { ScrapeCacheDuration = TimeSpan.Zero });
        var provider = "prov-" + Guid.NewGuid().ToString("N")[..8];
        telemetry.Metrics.RecordWebhook(provider, "accepted");
        var first = await telemetry.ScrapeAsync();

        telemetry.Metrics.RecordWebhook(provider, "accepted");
        var second = await telemetry.ScrapeAsync();

        Assert.Equal("1", WebhookCount(first, provider));
        Assert.Equal("2", WebhookCount(second, provider));
    }

    [Fact]
    public async Task Scrape_TwoHostsInOneProcess_EachShowsOnlyItsOwnSeriesAndKeepsThemWhenTheOtherStops()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var mine = await MetricsTestHost.StartAsync(cancellation);
        var other = await MetricsTestHost.StartAsync(cancellation);
        var (myNs, otherNs) = (UniqueNamespace(), UniqueNamespace());
        mine.Metrics.RecordDrift(myNs, "web");
        other.Metrics.RecordDrift(otherNs, "web");

        var before = (await mine.ScrapeAsync()).SamplesOf("gitopsagent_app_drift_total").ToList();
        await other.DisposeAsync();
        mine.Metrics.RecordDrift(myNs, "web");
        var after = (await mine.ScrapeAsync()).SamplesOf("gitopsagent_app_drift_total").ToList();

        Assert.Equal("1", Assert.Single(before, sample => sample.Labels["namespace"] == myNs).Value);
        Assert.DoesNotContain(before, sample => sample.Labels["namespace"] == otherNs);
        Assert.Equal("2", Assert.Single(after, sample => sample.Labels["namespace"] == myNs).Value);
    }

    [Fact]
    public void AddGitOpsAgentTelemetry_NegativeCacheDuration_Throws()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddGitOpsAgentTelemetry(new TelemetryOptions { ScrapeCacheDuration = TimeSpan.FromSeconds(-1) }));
    }

    [Fact]
    public void AddGitOpsAgentTelemetry_OtlpEndpointNotAUrl_Throws()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<ArgumentException>(() => services.AddGitOpsAgentTelemetry(new TelemetryOptions { OtlpEndpoint = "collector:4317" }));

        Assert.Contains("collector:4317", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddGitOpsAgentTelemetry_WithOtlpEndpoint_StillServesScrapes()
    {
        var options = new TelemetryOptions { OtlpEndpoint = "http://127.0.0.1:9", ScrapeCacheDuration = TimeSpan.Zero };
        await using var telemetry = await MetricsTestHost.StartAsync(TestContext.Current.CancellationToken, options);
        var ns = UniqueNamespace();
        telemetry.Metrics.RecordDrift(ns, "web");

        Assert.Single((await telemetry.ScrapeAsync()).SamplesOf("gitopsagent_app_drift_total"), sample => sample.Labels["namespace"] == ns);
    }

    private static string WebhookCount(Exposition exposition, string provider) =>
        exposition.SamplesOf("gitopsagent_webhook_requests_total").Single(sample => sample.Labels["provider"] == provider).Value;
}
