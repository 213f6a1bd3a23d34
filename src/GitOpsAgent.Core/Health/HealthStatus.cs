namespace GitOpsAgent.Core.Health;

/// <summary>Health of an object or an Application, as printed in status.health.status.</summary>
public enum HealthStatus
{
    Unknown,
    Healthy,
    Suspended,
    Progressing,
    Missing,
    Degraded,
}

/// <summary>A health verdict and the reason for it ("2 of 3 replicas available").</summary>
public sealed record HealthResult(HealthStatus Status, string Message = "")
{
    public static HealthResult Healthy(string message = "") => new(HealthStatus.Healthy, message);

    /// <summary>For an object that should exist but is not in the cluster (only the caller can know that).</summary>
    public static HealthResult Missing(string message = "") => new(HealthStatus.Missing, message);
}

public static class HealthStatusOrder
{
    /// <summary>How bad a status is: Degraded &gt; Missing &gt; Progressing &gt; Suspended &gt; Healthy; Unknown ranks with Progressing-less-than.</summary>
    public static int Severity(this HealthStatus status) => status switch
    {
        HealthStatus.Healthy => 0,
        HealthStatus.Suspended => 1,
        HealthStatus.Unknown => 2,
        HealthStatus.Progressing => 3,
        HealthStatus.Missing => 4,
        HealthStatus.Degraded => 5,
        _ => 2,
    };

    public static bool IsWorseThan(this HealthStatus status, HealthStatus other) => status.Severity() > other.Severity();
}
