using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Net;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Tests.Telemetry;

/// <summary>Our own Prometheus process on a free loopback port, scraping one target every second; killed on dispose.</summary>
internal sealed class PrometheusServer : IDisposable
{
    private readonly Process process;
    private readonly string directory;

    private PrometheusServer(Process process, string directory, Uri baseAddress)
    {
        this.process = process;
        this.directory = directory;
        this.BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static PrometheusServer Start(string prometheusPath, Uri target)
    {
        var directory = Directory.CreateTempSubdirectory("gitopsagent-prometheus-").FullName;
        var configPath = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(configPath, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: gitopsagent
                metrics_path: /metrics
                static_configs:
                  - targets: ['{target.Authority}']
            """);

        var port = LoopbackPort.Free();
        var startInfo = new ProcessStartInfo(prometheusPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("--config.file=" + configPath);
        startInfo.ArgumentList.Add("--storage.tsdb.path=" + Path.Combine(directory, "data"));
        startInfo.ArgumentList.Add("--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start prometheus");

        // Drain its output so a full pipe never blocks it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}"));
    }

    public bool HasExited => this.process.HasExited;

    public void Dispose()
    {
        try
        {
            if (!this.process.HasExited)
            {
                this.process.Kill(entireProcessTree: true);
                this.process.WaitForExit(10_000);
            }
        }
        finally
        {
            this.process.Dispose();
            try
            {
                Directory.Delete(this.directory, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }
}
