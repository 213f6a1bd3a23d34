using GitOpsAgent.Core.Applications;
using GitOpsAgent.Rendering.Inputs;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Rendering.Tests.Inputs;

public sealed class InputCollectorTests
{
    [Fact]
    public void Collect_PlainDirectory_ListsTheManifestFilesTheRendererReads()
    {
        using var repo = new TempDirectory("gitopsagent-inputs");
        repo.Write("apps/web/deploy.yaml", RenderInputs.ConfigMap("a"));
        repo.Write("apps/web/svc.json", "{}");
        repo.Write("apps/web/README.md", "docs");
        repo.Write("apps/web/nested/extra.yaml", RenderInputs.ConfigMap("b"));
        repo.Write("apps/other/cm.yaml", RenderInputs.ConfigMap("c"));

        var inputs = InputCollector.Collect(repo.Path, new ApplicationSource { Path = "apps/web" });

        Assert.Equal(["apps/web/deploy.yaml", "apps/web/svc.json"], inputs.Files.Order(StringComparer.Ordinal));
        Assert.Empty(inputs.Trees);
        Assert.False(inputs.Contains("apps/web/README.md"));
        Assert.False(inputs.Contains("apps/web/nested/extra.yaml"));
    }

    [Fact]
    public void Collect_PlainDirectoryWithRecurseAndGlobs_FollowsTheSameSelectionAsTheRenderer()
    {
        using var repo = new TempDirectory("gitopsagent-inputs");
        repo.Write("app/a.yaml", RenderInputs.ConfigMap("a"));
        repo.Write("app/nested/b.yaml", RenderInputs.ConfigMap("b"));
        repo.Write("app/nested/skip.yaml", RenderInputs.ConfigMap("c"));
        var source = new ApplicationSource { Path = "app", Directory = new DirectorySource { Recurse = true, Exclude = ["**/skip.yaml"] } };

        var inputs = InputCollector.Collect(repo.Path, source);

        Assert.Equal(["app/a.yaml", "app/nested/b.yaml"], inputs.Files.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Collect_KustomizeOverlay_ReachesBasesComponentsPatchesAndGeneratorFiles()
    {
        using var repo = new TempDirectory("gitopsagent-inputs");
        repo.Write("overlays/prod/kustomization.yaml", """
            resources:
            - ../../base
            - extra.yaml
            - https://example.com/remote.yaml
            components:
            - ../../components/monitoring
            patches:
            - path: replicas.yaml
            - patch: |-
                - op: replace
                  path: /spec/replicas
                  value: 2
              target: {kind: Deployment}
            configMapGenerator:
            - name: settings
              files: [app.properties, key=renamed.txt]
              envs: [prod.env]
            """);
        repo.Write("overlays/prod/extra.yaml", RenderInputs.ConfigMap("extra"));
        repo.Write("overlays/prod/replicas.yaml", "kind: Deployment");
        repo.Write("overlays/prod/app.properties", "a=b");
        repo.Write("overlays/prod/renamed.txt", "x");
        repo.Write("overlays/prod/prod.env", "A=B");
        repo.Write("overlays/prod/unused.yaml", RenderInputs.ConfigMap("unused"));
        repo.Write("base/kustomization.yml", "resources:\n- deploy.yaml\n");
        repo.Write("base/deploy.yaml", "kind: Deployment");
        repo.Write("base/notes.txt", "not read");
        repo.Write("components/monitoring/kustomization.yaml", "kind: Component\nresources:\n- monitor.yaml\n");
        repo.Write("components/monitoring/monitor.yaml", RenderInputs.ConfigMap("monitor"));

        var inputs = InputCollector.Collect(repo.Path, new ApplicationSource { Path = "overlays/prod" });

        foreach (var expected in new[]
        {
            "overlays/prod/kustomization.yaml", "overlays/prod/extra.yaml", "overlays/prod/replicas.yaml", "overlays/prod/app.properties",
            "overlays/prod/renamed.txt", "overlays/prod/prod.env", "base/kustomization.yml", "base/deploy.yaml",
            "components/monitoring/kustomization.yaml", "components/monitoring/monitor.yaml",
        })
        {
            Assert.True(inputs.Contains(expected), $"{expected} is an input");
        }

        Assert.False(inputs.Contains("overlays/prod/unused.yaml"));
        Assert.False(inputs.Contains("base/notes.txt"));
        Assert.DoesNotContain(inputs.Files, f => f.Contains("example.com", StringComparison.Ordinal));
        // A kustomization.yaml added beside base's kustomization.yml changes what kustomize reads (it refuses two).
        Assert.True(inputs.Contains("base/kustomization.yaml"));
    }

    [Fact]
    public void Collect_KustomizeReferenceOutsideTheRepository_FailsAsTheRenderWould()
    {
        using var repo = new TempDirectory("gitopsagent-inputs");
        repo.Write("app/kustomization.yaml", "resources:\n- ../../outside\n");

        var ex = Assert.Throws<RenderException>(() => InputCollector.Collect(repo.Path, new ApplicationSource { Path = "app" }));

        Assert.Equal(RenderFailureReason.PathOutsideRepository, ex.Reason);
        Assert.Contains("app/kustomization.yaml", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_HelmChart_IsTheWholeChartTreeAndItsValuesFiles()
    {
        using var repo = new TempDirectory("gitopsagent-inputs");
        repo.Write("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n");
        repo.Write("charts/web/templates/cm.yaml", RenderInputs.ConfigMap("web"));
        repo.Write("env/prod/values.yaml", "replicas: 3\n");
        repo.Write("env/dev/values.yaml", "replicas: 1\n");
        var source = new ApplicationSource { Path = "charts/web", Helm = new HelmSource { ValuesFiles = ["../../env/prod/values.yaml"] } };

        var inputs = InputCollector.Collect(repo.Path, source);

        Assert.Equal(["charts/web"], inputs.Trees);
        Assert.True(inputs.Contains("charts/web/templates/new.yaml"));
        Assert.True(inputs.Contains("env/prod/values.yaml"));
        Assert.False(inputs.Contains("env/dev/values.yaml"));
    }

    [Fact]
    public void Collect_HelmChartWithASymlinkedDirectory_ListsWhereTheLinkLeads()
    {
        using var repo = new TempDirectory("gitopsagent-inputs");
        repo.Write("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n");
        repo.Write("shared/templates/cm.yaml", RenderInputs.ConfigMap("shared"));
        Directory.CreateSymbolicLink(Path.Combine(repo.Path, "charts/web/templates"), "../../shared/templates");

        var inputs = InputCollector.Collect(repo.Path, new ApplicationSource { Path = "charts/web" });

        Assert.True(inputs.Contains("shared/templates/cm.yaml"));
    }

    [Fact]
    public void Collect_MissingPath_MakesAnythingUnderThePathAnInput()
    {
        using var repo = new TempDirectory("gitopsagent-inputs");
        repo.Write("other/cm.yaml", RenderInputs.ConfigMap("a"));

        var inputs = InputCollector.Collect(repo.Path, new ApplicationSource { Path = "apps/new" });

        Assert.True(inputs.Contains("apps/new/cm.yaml"));
        Assert.False(inputs.Contains("other/cm.yaml"));
    }

    [Fact]
    public void Touched_ChangedPaths_AreTheOnesThatAreInputs()
    {
        var inputs = new ApplicationInputs(["apps/web/deploy.yaml"], ["charts/web"]).Union(new ApplicationInputs(["apps/web/new.yaml"], []));

        var touched = inputs.Touched(["README.md", "apps/web/new.yaml", "charts/web/templates/x.yaml", "charts/webapp/x.yaml", "apps/web/deploy.yaml"]);

        Assert.Equal(["apps/web/new.yaml", "charts/web/templates/x.yaml", "apps/web/deploy.yaml"], touched);
    }
}
