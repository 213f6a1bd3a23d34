using GitOpsAgent.TestSupport;
using System.Text;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests.Rendering;

namespace GitOpsAgent.Rendering.Tests.Abuse;

/// <summary>
/// A repository holds a file meant to crash the controller as it renders (nesting, alias bomb, invalid UTF-8):
/// the render fails as InvalidManifest naming the file, so the Application gets a condition and nothing is pruned.
/// </summary>
public sealed class HostileManifestRenderTests : IDisposable
{
    private readonly TempDirectory _repo = new();

    public void Dispose() => _repo.Dispose();

    private Task<RenderResult> RenderAsync(string path, ManifestRendererOptions? options = null) =>
        new ManifestRenderer(options).RenderAsync(new RenderRequest(_repo.Path, path, new ApplicationSource(), "web"), BuiltinResourceScope.Instance, TestContext.Current.CancellationToken);

    [Fact]
    public async Task RenderAsync_PlainFileNested100000LevelsDeep_FailsAsInvalidManifestNamingIt()
    {
        _repo.Write("app/deep.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: " + new string('[', 100_000) + new string(']', 100_000) + "\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("app"));

        Assert.Equal(RenderFailureReason.InvalidManifest, ex.Reason);
        Assert.StartsWith("app/deep.yaml:4:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_PlainFileThatIsNotUtf8_FailsAsInvalidManifestNamingIt()
    {
        var path = Path.Combine(_repo.Path, "app", "latin1.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Encoding.Latin1.GetBytes("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: café\n"), TestContext.Current.CancellationToken);

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("app"));

        Assert.Equal(RenderFailureReason.InvalidManifest, ex.Reason);
        Assert.StartsWith("app/latin1.yaml:4: not valid UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_KustomizationFileThatIsAnAliasBomb_FailsBeforeKustomizeRuns()
    {
        var bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        var previous = 'a';
        foreach (var name in "bcdefghi")
        {
            bomb.Append($"{name}: &{name} [{string.Join(", ", Enumerable.Repeat("*" + previous, 9))}]\n");
            previous = name;
        }

        _repo.Write("app/kustomization.yaml", bomb + "resources: []\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("app", new ManifestRendererOptions { KustomizePath = "/nonexistent/kustomize", KubectlPath = "/nonexistent/kubectl" }));

        Assert.Equal(RenderFailureReason.InvalidManifest, ex.Reason);
        Assert.Contains("app/kustomization.yaml", ex.Message, StringComparison.Ordinal);
        Assert.Contains("aliases expand", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_HelmPrintingInvalidUtf8_FailsNamingTheHelmOutput()
    {
        using var tools = new TempDirectory();
        var helm = tools.WriteScript("helm", "printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: caf\\351\\n'\n");
        _repo.Write("chart/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 0.1.0\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync("chart", new ManifestRendererOptions { HelmPath = helm }));

        Assert.Equal(RenderFailureReason.HelmFailed, ex.Reason);
        Assert.StartsWith("chart (helm output):4: not valid UTF-8", ex.Message, StringComparison.Ordinal);
    }
}
