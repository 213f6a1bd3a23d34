namespace GitOpsAgent.Telemetry;

/// <summary>How metrics leave the process besides GET /metrics.</summary>
public sealed class TelemetryOptions
{
    /// <summary>An OTLP collector endpoint (e.g. http://otel-collector:4317); when set, metrics are also pushed there.</summary>
    public string? OtlpEndpoint { get; set; }
}
