using OpenTelemetry.Metrics;

namespace GitOpsAgent.Telemetry;

/// <summary>
/// The .NET runtime's built-in "System.Runtime" meter (GC, JIT, thread pool, CPU, working set), with the few
/// gauges renamed whose names would end in _count: Prometheus reserves that suffix for histograms and summaries.
/// The thread pool's thread count and queue length are dropped: the runtime publishes them as monotonic counters
/// although they go down, so <see cref="GitOpsAgentMetrics"/> exposes them as gauges instead.
/// </summary>
internal static class RuntimeMetricsViews
{
    public const string MeterName = "System.Runtime";

    private static readonly Dictionary<string, string> GaugeRenames = new(StringComparer.Ordinal)
    {
        ["dotnet.process.cpu.count"] = "dotnet.process.cpus",
        ["dotnet.timer.count"] = "dotnet.timers",
        ["dotnet.assembly.count"] = "dotnet.assemblies",
    };

    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal)
    {
        "dotnet.thread_pool.thread.count",
        "dotnet.thread_pool.queue.length",
    };

    public static MeterProviderBuilder AddRuntimeMetrics(this MeterProviderBuilder builder) =>
        builder.AddMeter(MeterName).AddView(instrument =>
        {
            if (instrument.Meter.Name != MeterName)
            {
                return null;
            }

            if (Dropped.Contains(instrument.Name))
            {
                return MetricStreamConfiguration.Drop;
            }

            return GaugeRenames.TryGetValue(instrument.Name, out var name) ? new MetricStreamConfiguration { Name = name } : null;
        });
}
