using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace GitOpsAgent.Telemetry.Prometheus;

/// <summary>
/// A pull-only exporter: the SDK hands it the batch inside <see cref="IPullMetricExporter.Collect"/>, and it formats
/// the batch right there, because metric points are only valid during the export call.
/// </summary>
[ExportModes(ExportModes.Pull)]
internal sealed class PrometheusPullExporter : BaseExporter<Metric>, IPullMetricExporter
{
    private string? lastExposition;

    /// <summary>Set by <see cref="BaseExportingMetricReader"/>: runs one collection, which calls <see cref="Export"/>.</summary>
    public Func<int, bool>? Collect { get; set; }

    public override ExportResult Export(in Batch<Metric> batch)
    {
        this.lastExposition = PrometheusTextFormat.Write(OpenTelemetryBatchConverter.Convert(batch));
        return ExportResult.Success;
    }

    /// <summary>Runs a collection and returns its text, or null when the SDK refused or failed to collect.</summary>
    public string? CollectExposition(int timeoutMilliseconds)
    {
        this.lastExposition = null;
        var collect = this.Collect;
        return collect is not null && collect(timeoutMilliseconds) ? this.lastExposition : null;
    }
}
