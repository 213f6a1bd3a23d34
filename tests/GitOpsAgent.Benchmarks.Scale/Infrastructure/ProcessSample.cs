using System.Diagnostics;

namespace GitOpsAgent.Benchmarks.Scale.Infrastructure;

/// <summary>CPU time of this process (controller and test API server together: they share it), or of the controller's own process.</summary>
public readonly record struct ProcessSample(TimeSpan Cpu, DateTime TakenUtc)
{
    public static ProcessSample Take(Process? of = null)
    {
        if (of is not null)
        {
            of.Refresh();
            return new ProcessSample(of.TotalProcessorTime, DateTime.UtcNow);
        }

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
    /// <summary>Resident set and private bytes of another process (its managed heap cannot be read from here: NaN).</summary>
    public static MemorySample Of(Process process)
    {
        process.Refresh();
        const double MiB = 1024 * 1024;
        return new MemorySample(process.WorkingSet64 / MiB, process.PrivateMemorySize64 / MiB, double.NaN);
    }

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
