using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Tests.Cli;

/// <summary>`render --chart NAME --repo URL [--version RANGE] [--values FILE]` and `render oci://...` against real servers.</summary>
public sealed class RenderChartCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("cli-chart");

    public void Dispose() => _temp.Dispose();

    private static HelmCli RequireHelm()
    {
        var helm = HelmCli.Find();
        if (helm is null || ProcessRunner.Find("helm") is null)
        {
            Assert.Skip("helm is not on PATH (eng/test.sh puts .tools/bin there)");
        }

        return helm!;
    }

    [Fact]
    public async Task Render_ChartFromARepositoryWithARangeAndValues_PrintsTheChartsObjects()
    {
        var helm = RequireHelm();
        await using var server = await ChartRepositoryServer.StartAsync(Path.Combine(_temp.Path, "served"));
        await server.PublishAsync(helm, HelmCli.WriteChart(Path.Combine(_temp.Path, "a"), "web", "1.0.0"));
        await server.PublishAsync(helm, HelmCli.WriteChart(Path.Combine(_temp.Path, "b"), "web", "1.3.0"));
        var values = _temp.Write("mine.yaml", "value: from-cli\n");

        var run = await CliRun.InvokeAsync("render", "--chart", "web", "--repo", server.Url, "--version", "1.x", "--values", values, "--namespace", "shop");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("name: web-web", run.Stdout, StringComparison.Ordinal);
        Assert.Matches("version: \"?1.3.0\"?\n", run.Stdout);
        Assert.Matches("value: \"?from-cli\"?\n", run.Stdout);
    }

    [Fact]
    public async Task Render_RangeWithoutAMatch_ExitsTwoNamingWhatThereIs()
    {
        var helm = RequireHelm();
        await using var server = await ChartRepositoryServer.StartAsync(Path.Combine(_temp.Path, "served"));
        await server.PublishAsync(helm, HelmCli.WriteChart(Path.Combine(_temp.Path, "a"), "web", "1.0.0"));

        var run = await CliRun.InvokeAsync("render", "--chart", "web", "--repo", server.Url, "--version", ">=2");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"no version of chart \"web\" in {server.Url} matches \">=2\"; the newest are 1.0.0", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_OciUrl_PrintsTheChartsObjects()
    {
        var helm = RequireHelm();
        if (OciRegistry.Executable() is null)
        {
            Assert.Skip(OciRegistry.SkipReason);
        }

        await using var registry = await OciRegistry.StartAsync();
        await helm.PushAsync(await helm.PackageAsync(HelmCli.WriteChart(Path.Combine(_temp.Path, "o"), "api", "2.1.0"), Path.Combine(_temp.Path, "out")), registry.ChartsUrl, registry.CaFile);

        var run = await CliRun.InvokeAsync("render", registry.ChartsUrl + "/api", "--version", "2.1.0");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches("version: \"?2.1.0\"?\n", run.Stdout);
    }
}
