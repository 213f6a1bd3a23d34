namespace GitOpsAgent.Benchmarks.Scale.Infrastructure;

/// <summary>What the figures were measured on, and where the repository is.</summary>
public static class Machine
{
    public static string Describe()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        return $"{Environment.ProcessorCount} cores, {model ?? "unknown CPU"}, load average {load} at start, .NET {Environment.Version}";
    }

    public static string RepositoryRoot() => GitOpsAgent.TestSupport.RepositoryRoot.Path;
}
