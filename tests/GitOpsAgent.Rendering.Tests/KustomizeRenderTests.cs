using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Manifests.Rendering;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Rendering.Tests;

public class KustomizeRenderTests
{
    private static void RequireKubectl()
    {
        if (ToolLocator.Find(null, "kustomize") is null && ToolLocator.Find(null, "kubectl") is null)
        {
            Assert.Skip("neither kustomize nor kubectl is on PATH");
        }
    }

    private static Task<RenderResult> RenderAsync(
        TempDirectory repo, string path, string? ns = null, ManifestRendererOptions? options = null, KustomizeSource? kustomize = null) =>
        new ManifestRenderer(options).RenderAsync(
            new RenderRequest(repo.Path, path, new ApplicationSource { Kustomize = kustomize }, ns), BuiltinResourceScope.Instance, TestContext.Current.CancellationToken);

    private static void WriteBaseAndOverlays(TempDirectory repo)
    {
        repo.Write("base/kustomization.yaml", "resources:\n- cm.yaml\n- deploy.yaml\n");
        repo.Write("base/cm.yaml", RenderInputs.ConfigMap("config"));
        repo.Write("base/deploy.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 1
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
            """);
        repo.Write("overlays/prod/kustomization.yaml", "resources:\n- ../../base\nnamePrefix: prod-\nnamespace: prod\nreplicas:\n- name: web\n  count: 3\n");
        repo.Write("overlays/dev/kustomization.yml", "resources:\n- ../../base\nnameSuffix: -dev\n");
    }

    [Fact]
    public async Task RenderAsync_Overlay_AppliesItsTransformationsToTheBase()
    {
        RequireKubectl();
        using var repo = new TempDirectory("gitopsagent-render-test");
        WriteBaseAndOverlays(repo);

        var result = await RenderAsync(repo, "overlays/prod");

        Assert.Equal("kustomize", result.Renderer);
        Assert.Equal(["ConfigMap prod/prod-config", "Deployment.apps prod/prod-web"], result.Objects.Select(m => m.Key.ToString()));
        Assert.Equal(3, result.Objects[1].Object.GetInt64At("spec", "replicas"));
    }

    [Fact]
    public async Task RenderAsync_OverlayWithoutNamespace_GetsTheDestinationNamespace()
    {
        RequireKubectl();
        using var repo = new TempDirectory("gitopsagent-render-test");
        WriteBaseAndOverlays(repo);

        var result = await RenderAsync(repo, "overlays/dev", ns: "dev");

        Assert.Equal(["ConfigMap dev/config-dev", "Deployment.apps dev/web-dev"], result.Objects.Select(m => m.Key.ToString()));
        Assert.Equal("overlays/dev (kustomize output)", result.Objects[0].Source.File);
    }

    [Fact]
    public async Task RenderAsync_Base_RendersOnItsOwn()
    {
        RequireKubectl();
        using var repo = new TempDirectory("gitopsagent-render-test");
        WriteBaseAndOverlays(repo);

        var result = await RenderAsync(repo, "base");

        Assert.Equal(2, result.Objects.Count);
    }

    [Theory]
    [InlineData("https://github.com/example/repo//base?ref=v1")]
    [InlineData("github.com/example/repo/base")]
    [InlineData("git@github.com:example/repo.git")]
    public async Task RenderAsync_RemoteBase_IsRefusedNamingTheKustomizationFile(string remote)
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        WriteBaseAndOverlays(repo);
        repo.Write("base/kustomization.yaml", $"resources:\n- cm.yaml\n- {remote}\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo, "overlays/prod"));

        Assert.Equal(RenderFailureReason.KustomizeFailed, ex.Reason);
        Assert.Contains("base/kustomization.yaml", ex.Message, StringComparison.Ordinal);
        Assert.Contains(remote, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_RemoteBaseAllowedByTheControllerButNotTheApplication_IsStillRefused()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/kustomization.yaml", "resources:\n- https://example.com/base\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo, "app", options: new ManifestRendererOptions { AllowRemoteBases = true }));

        Assert.Contains("app/kustomization.yaml", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_BaseOutsideTheRepository_IsRefused()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        using var outside = new TempDirectory("gitopsagent-render-test");
        outside.Write("kustomization.yaml", "resources:\n- cm.yaml\n");
        outside.Write("cm.yaml", RenderInputs.ConfigMap("outside"));
        repo.Write("app/kustomization.yaml", $"resources:\n- {Path.GetRelativePath(Path.Combine(repo.Path, "app"), outside.Path)}\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo, "app"));

        Assert.Equal(RenderFailureReason.PathOutsideRepository, ex.Reason);
        Assert.Contains("app/kustomization.yaml", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_MissingResource_FailsWithKustomizeStderr()
    {
        RequireKubectl();
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/kustomization.yaml", "resources:\n- missing.yaml\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo, "app"));

        Assert.Equal(RenderFailureReason.KustomizeFailed, ex.Reason);
        Assert.Contains("missing.yaml", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_InvalidKustomizationYaml_FailsWithFileAndLine()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/kustomization.yaml", "resources:\n- a.yaml\nnamePrefix: [unclosed\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo, "app"));

        Assert.Equal(RenderFailureReason.InvalidManifest, ex.Reason);
        Assert.Matches(@"^app/kustomization\.yaml:\d+:\d+: ", ex.Message);
    }

    [Fact]
    public async Task RenderAsync_PathThatDoesNotExist_FailsWithPathNotFound()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        WriteBaseAndOverlays(repo);

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo, "overlays/staging"));

        Assert.Equal(RenderFailureReason.PathNotFound, ex.Reason);
    }

    [Fact]
    public async Task RenderAsync_ToolThatHangs_IsKilledWithTimeout()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/kustomization.yaml", "resources: []\n");
        var tool = repo.WriteScript("bin/kustomize", "sleep 30\n");

        var ex = await Assert.ThrowsAsync<RenderException>(
            () => RenderAsync(repo, "app", options: new ManifestRendererOptions { KustomizePath = tool, Timeout = TimeSpan.FromMilliseconds(300) }));

        Assert.Equal(RenderFailureReason.Timeout, ex.Reason);
    }

    [Fact]
    public async Task RenderAsync_ToolPrintingTooMuch_FailsWithOutputTooLarge()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/kustomization.yaml", "resources: []\n");
        var tool = repo.WriteScript("bin/kustomize", "yes 'apiVersion: v1' | head -c 200000\n");

        var ex = await Assert.ThrowsAsync<RenderException>(
            () => RenderAsync(repo, "app", options: new ManifestRendererOptions { KustomizePath = tool, MaxOutputBytes = 1000 }));

        Assert.Equal(RenderFailureReason.OutputTooLarge, ex.Reason);
    }

    [Fact]
    public async Task RenderAsync_KustomizeBinary_IsCalledWithBuildAndTheDirectoryOnly()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/kustomization.yaml", "resources: []\n");
        var argsFile = Path.Combine(repo.Path, "args.txt");
        var tool = repo.WriteScript("bin/kustomize", $"for a in \"$@\"; do printf '%s\\n' \"$a\" >> '{argsFile}'; done\nprintf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: x\\n'\n");

        var result = await RenderAsync(repo, "app", options: new ManifestRendererOptions { KustomizePath = tool });

        Assert.Equal(["build", Path.Combine(repo.Path, "app")], File.ReadAllLines(argsFile));
        Assert.Single(result.Objects);
    }

    [Fact]
    public async Task RenderAsync_CancelledWhileToolRuns_ThrowsOperationCanceled()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/kustomization.yaml", "resources: []\n");
        var tool = repo.WriteScript("bin/kustomize", "sleep 30\n");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ManifestRenderer(new ManifestRendererOptions { KustomizePath = tool }).RenderAsync(
            new RenderRequest(repo.Path, "app", new ApplicationSource(), null), BuiltinResourceScope.Instance, cancel.Token));
    }
}
