using GitOpsAgent.TestSupport;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests.Rendering;

namespace GitOpsAgent.Rendering.Tests.Abuse;

/// <summary>
/// A repository author plants symlinks so that a renderer reads a file outside the checkout (the controller's
/// ServiceAccount token, another team's checkout). Every renderer must refuse before the tool runs, and the error
/// names the link but never what lies outside.
/// </summary>
public sealed class SymlinkEscapeTests : IDisposable
{
    private const string Secret = "controller-token-7f3a9c";

    private readonly TempDirectory _repo = new();
    private readonly TempDirectory _outside = new();
    private readonly string _secretFile;

    public SymlinkEscapeTests()
    {
        _secretFile = _outside.Write("token", Secret + "\n");
    }

    public void Dispose()
    {
        _repo.Dispose();
        _outside.Dispose();
    }

    private static void RequireHelm()
    {
        if (ToolLocator.Find(null, "helm") is null)
        {
            Assert.Skip("helm is not on PATH (eng/install-helm.sh puts it in .tools/bin)");
        }
    }

    private void WriteChartReadingFile(string chart, string file)
    {
        _repo.Write($"{chart}/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
        _repo.Write($"{chart}/templates/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leak\ndata:\n  token: {{ .Files.Get \"" + file + "\" | quote }}\n");
    }

    private Task<RenderResult> RenderAsync(string path, ApplicationSource? source = null) =>
        new ManifestRenderer().RenderAsync(new RenderRequest(_repo.Path, path, source ?? new ApplicationSource(), "web"), BuiltinResourceScope.Instance, TestContext.Current.CancellationToken);

    private void AssertRefusedNaming(RenderException ex, string link)
    {
        Assert.Equal(RenderFailureReason.PathOutsideRepository, ex.Reason);
        Assert.Contains($"\"{link}\"", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_outside.Path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_HelmChartLinkToInRepoDirectoryHoldingAnAbsoluteLink_IsRefusedBeforeHelmReadsTheToken()
    {
        RequireHelm();
        WriteChartReadingFile("chart", "files/token");
        Directory.CreateDirectory(Path.Combine(_repo.Path, "shared"));
        Directory.CreateSymbolicLink(Path.Combine(_repo.Path, "chart", "files"), "../shared");
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "shared", "token"), _secretFile);

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("chart"));

        AssertRefusedNaming(ex, "shared/token");
    }

    [Fact]
    public async Task RenderAsync_HelmSubchartDirectoryLinkedToInRepoDirectoryWithAnAbsoluteLink_IsRefused()
    {
        RequireHelm();
        WriteChartReadingFile("chart", "files/none");
        WriteChartReadingFile("vendor/dep", "token");
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "vendor", "dep", "token"), _secretFile);
        Directory.CreateDirectory(Path.Combine(_repo.Path, "chart", "charts"));
        Directory.CreateSymbolicLink(Path.Combine(_repo.Path, "chart", "charts", "dep"), "../../vendor/dep");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("chart"));

        AssertRefusedNaming(ex, "vendor/dep/token");
    }

    [Fact]
    public async Task RenderAsync_HelmValuesFileThatIsALinkChainLeavingTheRepository_IsRefused()
    {
        WriteChartReadingFile("chart", "files/none");
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "hop.yaml"), _secretFile);
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "chart", "values-prod.yaml"), "../hop.yaml");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("chart", new ApplicationSource { Helm = new HelmSource { ValuesFiles = ["values-prod.yaml"] } }));

        Assert.Equal(RenderFailureReason.PathOutsideRepository, ex.Reason);
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_outside.Path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_PlainRecursiveDirectoryLinkToInRepoDirectoryWithAnAbsoluteLink_IsRefused()
    {
        _repo.Write("app/cm.yaml", RenderInputs.ConfigMap("a"));
        Directory.CreateDirectory(Path.Combine(_repo.Path, "shared"));
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "shared", "stolen.yaml"), _outside.Write("stolen.yaml", RenderInputs.ConfigMap("stolen")));
        Directory.CreateSymbolicLink(Path.Combine(_repo.Path, "app", "more"), "../shared");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("app", new ApplicationSource { Directory = new DirectorySource { Recurse = true } }));

        AssertRefusedNaming(ex, "shared/stolen.yaml");
    }

    [Fact]
    public async Task RenderAsync_KustomizeResourceLinkedThroughAnInRepoDirectoryToAnAbsolutePath_IsRefused()
    {
        _repo.Write("app/kustomization.yaml", "resources:\n- more/stolen.yaml\n");
        Directory.CreateDirectory(Path.Combine(_repo.Path, "shared"));
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "shared", "stolen.yaml"), _outside.Write("stolen.yaml", RenderInputs.ConfigMap("stolen")));
        Directory.CreateSymbolicLink(Path.Combine(_repo.Path, "app", "more"), "../shared");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("app"));

        AssertRefusedNaming(ex, "shared/stolen.yaml");
    }

    [Fact]
    public async Task RenderAsync_EscapingLinkAnywhereInTheCheckout_RefusesEveryPathOfIt()
    {
        // The whole checkout is judged once: a link no path seems to use may still be reached through another link.
        _repo.Write("app/cm.yaml", RenderInputs.ConfigMap("a"));
        Directory.CreateDirectory(Path.Combine(_repo.Path, "docs", "deep"));
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "docs", "deep", "token"), _secretFile);

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("app"));

        AssertRefusedNaming(ex, "docs/deep/token");
    }

    [Fact]
    public async Task RenderAsync_SymlinkLoop_FailsWithTooManyLevelsInsteadOfHanging()
    {
        _repo.Write("app/cm.yaml", RenderInputs.ConfigMap("a"));
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "app", "a.yaml"), "b.yaml");
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "app", "b.yaml"), "a.yaml");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("app"));

        Assert.Equal(RenderFailureReason.PathOutsideRepository, ex.Reason);
        Assert.Contains("too many levels of symbolic links", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_HelmChartLinksThatStayInside_AreFollowed()
    {
        RequireHelm();
        WriteChartReadingFile("chart", "files/greeting");
        _repo.Write("shared/real-greeting", "hello");
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "shared", "greeting"), "real-greeting");
        Directory.CreateSymbolicLink(Path.Combine(_repo.Path, "chart", "files"), "../shared");

        var result = await RenderAsync("chart");

        Assert.Equal("hello", Assert.Single(result.Objects).Object["data"]!["token"]!.GetValue<string>());
    }
}
