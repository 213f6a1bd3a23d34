using GitOpsAgent.Core.Applications;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Rendering.Tests;

public class RendererDetectionTests
{
    [Theory]
    [InlineData("kustomization.yaml", RendererKind.Kustomize)]
    [InlineData("kustomization.yml", RendererKind.Kustomize)]
    [InlineData("Kustomization", RendererKind.Kustomize)]
    [InlineData("Chart.yaml", RendererKind.Helm)]
    [InlineData("deployment.yaml", RendererKind.Plain)]
    public void Detect_Auto_ChoosesByTheFilesPresent(string file, RendererKind expected)
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write(file, "apiVersion: v1\n");

        Assert.Equal(expected, RendererDetection.Detect(repo.Path, new ApplicationSource { Renderer = "Auto" }));
    }

    [Theory]
    [InlineData("Plain", RendererKind.Plain)]
    [InlineData("Helm", RendererKind.Helm)]
    [InlineData("kustomize", RendererKind.Kustomize)]
    public void Detect_ExplicitRenderer_WinsOverFiles(string renderer, RendererKind expected)
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("kustomization.yaml", "resources: []\n");
        repo.Write("Chart.yaml", "name: x\n");
        if (expected == RendererKind.Kustomize)
        {
            File.Delete(Path.Combine(repo.Path, "kustomization.yaml"));
        }

        Assert.Equal(expected, RendererDetection.Detect(repo.Path, new ApplicationSource { Renderer = renderer }));
    }

    [Fact]
    public void Detect_KustomizationAndChart_PrefersKustomize()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("kustomization.yaml", "resources: []\n");
        repo.Write("Chart.yaml", "name: x\n");

        Assert.Equal(RendererKind.Kustomize, RendererDetection.Detect(repo.Path, new ApplicationSource()));
    }
}
