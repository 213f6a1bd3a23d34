using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Chart.Tests.Helm;

/// <summary>`helm template ga charts/gitops-agent --namespace gitops-agent` with extra arguments, as objects; skips the test without helm.</summary>
public static class ChartTemplate
{
    public const string ReleaseNamespace = "gitops-agent";

    /// <summary>The ServiceAccount the chart's controller runs as (release "ga").</summary>
    public const string ControllerServiceAccount = "ga-gitops-agent";

    public static string RequireHelm()
    {
        var helm = HelmCli.Find();
        Assert.SkipWhen(helm is null, "helm is not on PATH: install Helm 3 to run helm lint and helm template against the chart");
        return helm!;
    }

    public static async Task<List<JsonObject>> RenderAsync(params string[] extra)
    {
        var (exitCode, output, error) = await HelmCli.RunAsync(RequireHelm(), ["template", "ga", RepositoryPaths.Chart, "--namespace", ReleaseNamespace, .. extra], TestContext.Current.CancellationToken);
        Assert.True(exitCode == 0, $"helm template failed ({exitCode}): {error}");
        return YamlDocumentReader.Read(output, "helm template output").Select(d => d.Root).OfType<JsonObject>().ToList();
    }
}
