using System.Diagnostics;
using System.Text.Json.Nodes;
using GitOpsAgent.Chart.Tests.Helm;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Chart.Tests;

/// <summary>
/// The chart's alerts evaluated by the real `promtool test rules` on synthetic series: they fire when they should and
/// stay quiet otherwise (helm renders the PrometheusRule; both tools are needed, else the test skips with the reason).
/// </summary>
public sealed class AlertRuleEvaluationTests
{
    /// <summary>promtool's rule unit-test file: series over time, and the alerts expected at given times.</summary>
    private const string Scenarios = """
        rule_files: [rules.yaml]
        evaluation_interval: 1m
        tests:
          - interval: 1m
            input_series:
              - series: 'gitopsagent_app_condition{namespace="shop",name="broken",type="Ready",status="False"}'
                values: '1x30'
              - series: 'gitopsagent_app_condition{namespace="shop",name="broken",type="Ready",status="True"}'
                values: '0x30'
              - series: 'gitopsagent_app_condition{namespace="shop",name="fine",type="Ready",status="True"}'
                values: '1x30'
              - series: 'gitopsagent_app_condition{namespace="shop",name="fine",type="Ready",status="False"}'
                values: '0x30'
              - series: 'gitopsagent_reconcile_errors_total{namespace="shop",name="broken",reason="InvalidManifest"}'
                values: '0+1x30'
              - series: 'gitopsagent_reconcile_errors_total{namespace="shop",name="fine",reason="GitUnavailable"}'
                values: '0 1 1x28'
            alert_rule_test:
              - eval_time: 9m
                alertname: GitOpsAgentAppNotReady
                exp_alerts: []
              - eval_time: 11m
                alertname: GitOpsAgentAppNotReady
                exp_alerts:
                  - exp_labels: {severity: warning, namespace: shop, name: broken}
                    exp_annotations:
                      summary: Application shop/broken has not been Ready for 10 minutes
                      description: The Ready condition's reason and message say why (`kubectl get gapp -n shop broken`); docs/operations.md lists every reason and what to do.
              - eval_time: 20m
                alertname: GitOpsAgentReconcileErrors
                exp_alerts:
                  - exp_labels: {severity: warning, namespace: shop, name: broken, reason: InvalidManifest}
                    exp_annotations:
                      summary: Reconciles of shop/broken keep failing with InvalidManifest
                      description: More than 3 failed reconciles in 15 minutes. The Ready condition and the Warning Events on the Application carry the message.
        """;

    [Fact]
    public async Task PromtoolTestRules_NotReadyAndRisingErrors_FireForTheBrokenApplicationOnly()
    {
        var helm = HelmCli.Find();
        var promtool = Find("promtool");
        Assert.SkipWhen(helm is null, "helm is not on PATH (eng/install-helm.sh fetches it)");
        Assert.SkipWhen(promtool is null, "promtool is not on PATH (eng/test.sh installs Debian's prometheus)");

        var (exitCode, output, error) = await HelmCli.RunAsync(helm!, ["template", "ga", RepositoryPaths.Chart, "--set", "prometheusRule.enabled=true", "--show-only", "templates/prometheusrule.yaml"], TestContext.Current.CancellationToken);
        Assert.True(exitCode == 0, error);
        var rule = (JsonObject)YamlDocumentReader.Read(output, "prometheusrule.yaml")[0].Root!;
        var dir = Directory.CreateTempSubdirectory("gitops-agent-alerts-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "rules.yaml"), new JsonObject { ["groups"] = rule["spec"]!["groups"]!.DeepClone() }.ToJsonString(), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "tests.yaml"), Scenarios, TestContext.Current.CancellationToken);

            var (code, stdout, stderr) = await RunAsync(promtool!, dir.FullName, "test", "rules", "tests.yaml");

            Assert.True(code == 0, $"promtool test rules failed ({code}):\n{stdout}\n{stderr}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string file, string directory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
