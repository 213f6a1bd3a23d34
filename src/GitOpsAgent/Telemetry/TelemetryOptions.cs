namespace GitOpsAgent.Telemetry;

/// <summary>How metrics leave the process: GET /metrics always, and OTLP when configured.</summary>
public sealed class TelemetryOptions
{
    /// <summary>An OTLP collector endpoint (e.g. http://otel-collector:4317); when set, metrics are also pushed there.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The controller's cluster name, the "cluster" label of the per-Application metrics.</summary>
    public string? ClusterName { get; set; }

    /// <summary>
    /// Scrapes this close together share one collection (the exporter's ScrapeResponseCacheDurationMilliseconds):
    /// two Prometheus replicas, or a person with curl beside Prometheus, do not each walk every instrument.
    /// Zero collects on every scrape.
    /// </summary>
    public TimeSpan ScrapeCacheDuration { get; set; } = TimeSpan.FromSeconds(1);
}
