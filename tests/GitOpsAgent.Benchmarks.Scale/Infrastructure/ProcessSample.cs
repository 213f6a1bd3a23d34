using System.Diagnostics;

namespace GitOpsAgent.Benchmarks.Scale.Infrastructure;

/// <summary>CPU time and memory of this process (controller and test API server together: they share it).</summary>
public readonly record struct ProcessSample(TimeSpan Cpu, DateTime TakenUtc)
{
    public static ProcessSample Take()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessSample(process.TotalProcessorTime, DateTime.UtcNow);
    }

    /// <summary>CPU seconds used per wall-clock minute since <paramref name="earlier"/>.</summary>
    public double CpuSecondsPerMinuteSince(ProcessSample earlier) =>
        (Cpu - earlier.Cpu).TotalSeconds / (TakenUtc - earlier.TakenUtc).TotalMinutes;
}

/// <summary>Memory after a full collection: resident set, private bytes, managed heap (MiB).</summary>
public readonly record struct MemorySample(double WorkingSetMiB, double PrivateMiB, double ManagedHeapMiB)
{
    public static MemorySample Take()
    {
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        const double MiB = 1024 * 1024;
        return new MemorySample(process.WorkingSet64 / MiB, process.PrivateMemorySize64 / MiB, managed / MiB);
    }
}
