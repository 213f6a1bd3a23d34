namespace GitOpsAgent.Benchmarks.Scale.Infrastructure;

/// <summary>
/// CPU time of this process's threads grouped by thread name (/proc/self/task/*/comm: ".NET TP Worker",
/// ".NET Server GC", ".NET Tiered Com", ...), to tell garbage collection and JIT from request work. Linux only.
/// </summary>
public static class ThreadCpu
{
    private const double TicksPerSecond = 100;

    public static Dictionary<string, double> Sample()
    {
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!Directory.Exists("/proc/self/task"))
        {
            return seconds;
        }

        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(task, "comm")).Trim().TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '_', ' ');
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                // Fields after the parenthesised name: state is field 3, utime 14, stime 15.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
                seconds[name] = seconds.GetValueOrDefault(name) + ticks / TicksPerSecond;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The thread ended while we looked; its time is no longer attributable.
            }
        }

        return seconds;
    }

    /// <summary>Per thread name, seconds used between two samples, largest first (ended threads are lost).</summary>
    public static IReadOnlyList<(string Thread, double Seconds)> Delta(Dictionary<string, double> before, Dictionary<string, double> after) =>
        after.Select(kv => (kv.Key, kv.Value - before.GetValueOrDefault(kv.Key)))
            .Where(x => x.Item2 > 0)
            .OrderByDescending(x => x.Item2)
            .ToList();
}
