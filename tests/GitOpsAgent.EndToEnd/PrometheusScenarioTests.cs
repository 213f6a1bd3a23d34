using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.EndToEnd;

/// <summary>A real Prometheus scrapes the controller; promtool lints what it serves.</summary>
public sealed class PrometheusScenarioTests(E2EFixture fx) : IClassFixture<E2EFixture>
{
    private const string PrometheusPath = "/usr/bin/prometheus";
    private const string PromtoolPath = "/usr/bin/promtool";

    private KubernetesApi Kube => fx.Cluster.Client;

    [Fact]
    public async Task RealPrometheus_ScrapesAppInfoWithItsLabels_AndPromtoolAcceptsTheScrape()
    {
        if (!File.Exists(PrometheusPath) || !File.Exists(PromtoolPath))
        {
            Assert.Skip($"{PrometheusPath} or {PromtoolPath} is not installed");
        }

        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-prom");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["app/web.yaml"] = TestManifests.Deployment("web", 1) });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns, o => o.Workers = 2);
        var dir = Directory.CreateTempSubdirectory("gitops-e2e-prom-").FullName;
        var port = LoopbackPort.Free();
        await File.WriteAllTextAsync(Path.Combine(dir, "prometheus.yml"), $"""
            global: {"{"}scrape_interval: 1s, evaluation_interval: 1s{"}"}
            scrape_configs:
              - job_name: gitops-agent
                scrape_interval: 1s
                static_configs:
                  - targets: ['{controller.HttpAddress.Authority}']
            """);
        using var prometheus = StartPrometheus(dir, port);
        try
        {
            await Kube.CreateAsync(TestManifests.Application(ns, "web", repo.Url, "app"), default);
            await fx.WaitForSyncAsync(ns, "web", "Synced", await repo.HeadAsync());

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var query = Uri.EscapeDataString($$"""gitopsagent_app_info{namespace="{{ns}}",name="web",sync_status="Synced"}""");
            JsonObject? labels = null;
            await fx.Cluster.WaitAsync(async () =>
            {
                try
                {
                    var body = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/api/v1/query?query={query}")));
                    labels = body?["data"]?["result"]?.AsArray().FirstOrDefault()?["metric"]?.AsObject();
                    return labels is not null;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, "Prometheus to have scraped gitopsagent_app_info as Synced", TimeSpan.FromSeconds(60));

            Assert.Equal(repo.Url, labels!["repo"]?.GetValue<string>());
            Assert.Equal(ns, labels["dest_namespace"]?.GetValue<string>());
            Assert.Contains(labels["health_status"]?.GetValue<string>(), new[] { "Healthy", "Progressing" });
            Assert.Equal("true", labels["autosync"]?.GetValue<string>());
            Assert.DoesNotContain("@", labels["repo"]?.GetValue<string>() ?? "", StringComparison.Ordinal);

            var syncs = Uri.EscapeDataString($$"""gitopsagent_app_sync_total{namespace="{{ns}}",name="web",phase="Succeeded"}""");
            await fx.Cluster.WaitAsync(async () =>
                JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/api/v1/query?query={syncs}")))?["data"]?["result"]?.AsArray().Count == 1,
                "Prometheus to have scraped gitopsagent_app_sync_total for the sync", TimeSpan.FromSeconds(30));
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
        }

        var scrape = await controller.ScrapeAsync();
        var (exit, output) = await PromtoolCheckAsync(scrape);
        Assert.True(exit == 0, $"promtool check metrics exited {exit}: {output}");
        Assert.True(string.IsNullOrWhiteSpace(output), "promtool warned: " + output);
    }

    private static Process StartPrometheus(string dir, int port)
    {
        var start = new ProcessStartInfo(PrometheusPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dir };
        foreach (var arg in new[] { $"--config.file={Path.Combine(dir, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(dir, "data")}", $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        // Drain its logs so a full pipe never blocks it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<(int Exit, string Output)> PromtoolCheckAsync(string scrape)
    {
        var start = new ProcessStartInfo(PromtoolPath) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("check");
        start.ArgumentList.Add("metrics");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(scrape);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
