using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Tests.Telemetry;

/// <summary>
/// Finds promtool and prometheus, installing Debian's prometheus package once per test run when they are
/// missing and we may (root, apt-get present). CI installs the package first, so this usually only looks.
/// </summary>
internal static class PrometheusTools
{
    private static readonly TimeSpan InstallLimit = TimeSpan.FromMinutes(5);
    private static readonly Lazy<Task<Status>> Ensured = new(EnsureInstalledAsync);

    public sealed record Status(string? Promtool, string? Prometheus, string? WhyUnavailable);

    public static Task<Status> EnsureAsync() => Ensured.Value;

    private static async Task<Status> EnsureInstalledAsync()
    {
        if (Look() is { WhyUnavailable: null } found)
        {
            return found;
        }

        var aptGet = ProcessRunner.Find("apt-get");
        if (!Environment.IsPrivilegedProcess || aptGet is null)
        {
            return Look() with { WhyUnavailable = "promtool/prometheus are not installed and this run cannot install them (needs root and apt-get): apt-get install -y prometheus" };
        }

        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        var started = DateTime.UtcNow;
        TimeSpan Left() => InstallLimit - (DateTime.UtcNow - started);
        string[] install = ["install", "-y", "--no-install-recommends", "prometheus"];

        var result = await ProcessRunner.RunAsync(aptGet, install, null, Left(), environment);
        if (result.ExitCode != 0 && Left() > TimeSpan.Zero)
        {
            await ProcessRunner.RunAsync(aptGet, ["update"], null, Left(), environment);
            if (Left() > TimeSpan.Zero)
            {
                result = await ProcessRunner.RunAsync(aptGet, install, null, Left(), environment);
            }
        }

        var after = Look();
        return after.WhyUnavailable is null
            ? after
            : after with { WhyUnavailable = "apt-get install -y prometheus did not provide promtool and prometheus: " + ProcessRunner.Describe(result) };
    }

    private static Status Look()
    {
        var promtool = ProcessRunner.Find("promtool");
        var prometheus = ProcessRunner.Find("prometheus");
        return new Status(promtool, prometheus, promtool is null || prometheus is null ? "promtool or prometheus not found" : null);
    }
}
