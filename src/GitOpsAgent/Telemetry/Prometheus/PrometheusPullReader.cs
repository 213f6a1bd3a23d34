using System.Text;
using OpenTelemetry.Metrics;

namespace GitOpsAgent.Telemetry.Prometheus;

/// <summary>
/// The metric reader behind GET /metrics: collects on scrape with cumulative temporality and renders the
/// Prometheus text format. Scrapes within <see cref="CacheDuration"/> of each other share one collection.
/// </summary>
public sealed class PrometheusPullReader : BaseExportingMetricReader
{
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(1);

    private const int CollectTimeoutMilliseconds = 10_000;

    private readonly PrometheusPullExporter pullExporter;
    private readonly TimeProvider timeProvider;
    private readonly Lock scrapeLock = new();
    private byte[]? cachedExposition;
    private long cachedAtTimestamp;

    public PrometheusPullReader(TimeProvider timeProvider)
        : this(new PrometheusPullExporter(), timeProvider)
    {
    }

    private PrometheusPullReader(PrometheusPullExporter exporter, TimeProvider timeProvider)
        : base(exporter)
    {
        this.pullExporter = exporter;
        this.timeProvider = timeProvider;
        this.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
    }

    /// <summary>The current exposition as UTF-8 text, or null when the SDK could not collect (e.g. after shutdown).</summary>
    public byte[]? Scrape()
    {
        lock (this.scrapeLock)
        {
            var now = this.timeProvider.GetTimestamp();
            if (this.cachedExposition is { } cached && this.timeProvider.GetElapsedTime(this.cachedAtTimestamp, now) < CacheDuration)
            {
                return cached;
            }

            var text = this.pullExporter.CollectExposition(CollectTimeoutMilliseconds);
            if (text is null)
            {
                return null;
            }

            this.cachedExposition = Encoding.UTF8.GetBytes(text);
            this.cachedAtTimestamp = now;
            return this.cachedExposition;
        }
    }
}
