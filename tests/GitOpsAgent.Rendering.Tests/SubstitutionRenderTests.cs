using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Manifests.Rendering;
using GitOpsAgent.Core.Variables;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Rendering.Tests;

/// <summary>spec.substitute over what plain, kustomize and helm renders produce, before it is parsed.</summary>
public class SubstitutionRenderTests
{
    private const string SecretValue = "s3cr3t-Passw0rd";

    private static readonly VariableSet Variables = VariableSet.ForCluster("east", new Dictionary<string, string> { ["region"] = "eu-west" })
        .With(new Dictionary<string, string> { ["replicas"] = "3" }, "spec.substitute")
        .With(new Dictionary<string, string> { ["db_password"] = SecretValue }, "Secret shop/db");

    private static Task<RenderResult> RenderAsync(ManifestRenderer renderer, TempDirectory repo, string path, VariableSet? variables, string? cacheKey = null, ApplicationSource? source = null) =>
        renderer.RenderAsync(
            new RenderRequest(repo.Path, path, source ?? new ApplicationSource(), "web", cacheKey) { Substitutions = variables },
            BuiltinResourceScope.Instance,
            TestContext.Current.CancellationToken);

    private const string Settings = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings-${cluster.name}
        data:
          region: ${cluster.labels.region}
          replicas: "${replicas}"
          tier: ${tier:=dev}
          script: echo $${HOME}
        """;

    [Fact]
    public async Task RenderAsync_PlainWithSubstitutions_ExpandsBeforeParsing()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/cm.yaml", Settings);

        var result = await RenderAsync(new ManifestRenderer(), repo, "app", Variables);

        var settings = Assert.Single(result.Objects).Object;
        Assert.Equal("settings-east", settings.GetName());
        string[] keys = ["region", "replicas", "tier", "script"];
        Assert.Equal(["eu-west", "3", "dev", "echo ${HOME}"], keys.Select(k => settings.GetStringAt("data", k)!));
    }

    [Fact]
    public async Task RenderAsync_WithoutSubstitutions_LeavesReferencesAlone()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/cm.yaml", Settings);

        var result = await RenderAsync(new ManifestRenderer(), repo, "app", variables: null);

        Assert.Equal("settings-${cluster.name}", Assert.Single(result.Objects).Key.Name);
    }

    [Fact]
    public async Task RenderAsync_UndefinedVariable_FailsNamingFileAndLine_WithoutAnySecretValue()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/a.yaml", RenderInputs.ConfigMap("a"));
        repo.Write("app/db.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ${db_password}\n  user: ${db_user}\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(new ManifestRenderer(), repo, "app", Variables));

        Assert.Equal(RenderFailureReason.SubstitutionFailed, ex.Reason);
        Assert.StartsWith("app/db.yaml:7: variable \"db_user\" is not defined", ex.Message);
        Assert.DoesNotContain(SecretValue, ex.ToString());
    }

    [Fact]
    public async Task RenderAsync_SameCommitOtherVariables_IsNotServedFromTheCache()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/cm.yaml", Settings);
        var renderer = new ManifestRenderer();
        var west = VariableSet.ForCluster("west", new Dictionary<string, string> { ["region"] = "us" }).With(new Dictionary<string, string> { ["replicas"] = "1" }, "spec.substitute");

        var first = await RenderAsync(renderer, repo, "app", Variables, "abc123");
        var again = await RenderAsync(renderer, repo, "app", Variables, "abc123");
        var other = await RenderAsync(renderer, repo, "app", west, "abc123");

        Assert.True(again.FromCache);
        Assert.False(other.FromCache);
        Assert.Equal(("settings-east", "settings-west"), (first.Objects[0].Key.Name, other.Objects[0].Key.Name));
    }

    [Fact]
    public async Task RenderAsync_HelmOutput_UndefinedVariableNamesTheTemplate()
    {
        using var repo = new TempDirectory("gitopsagent-render-test");
        using var tools = new TempDirectory("gitopsagent-render-test");
        repo.Write("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
        var helm = tools.WriteScript("helm", """
            cat <<'YAML'
            ---
            # Source: web/templates/svc.yaml
            apiVersion: v1
            kind: Service
            metadata:
              name: web-${cluster.name}
            ---
            # Source: web/templates/cm.yaml
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: web
            data:
              zone: ${cluster.labels.zone}
            YAML

            """);
        var renderer = new ManifestRenderer(new ManifestRendererOptions { HelmPath = helm });

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(renderer, repo, "charts/web", Variables, source: new ApplicationSource { Renderer = "Helm" }));

        Assert.Equal(RenderFailureReason.SubstitutionFailed, ex.Reason);
        Assert.StartsWith("web/templates/cm.yaml (helm output):6: variable \"cluster.labels.zone\" is not defined", ex.Message);
    }

    [Fact]
    public async Task RenderAsync_Kustomize_ExpandsTheBuiltOutput()
    {
        if (ToolLocator.Find(null, "kustomize") is null && ToolLocator.Find(null, "kubectl") is null)
        {
            Assert.Skip("neither kustomize nor kubectl is on PATH");
        }

        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("app/kustomization.yaml", "resources:\n- cm.yaml\n");
        repo.Write("app/cm.yaml", Settings);

        var result = await RenderAsync(new ManifestRenderer(), repo, "app", Variables);

        Assert.Equal("settings-east", Assert.Single(result.Objects).Key.Name);
    }
}
