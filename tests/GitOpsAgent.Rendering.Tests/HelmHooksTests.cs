using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Manifests.Rendering;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Rendering.Tests;

/// <summary>Helm's hooks after `helm template`, in our terms.</summary>
public class HelmHooksTests
{
    private static Manifest Rendered(string annotations, string file = "demo/templates/job.yaml", string kind = "Job", string name = "migrate") =>
        new((JsonObject)JsonNode.Parse("{\"apiVersion\": \"batch/v1\", \"kind\": \"" + kind + "\", \"metadata\": {\"name\": \"" + name + "\", \"annotations\": " + annotations + "}}")!, new ManifestSource(file, 0));

    [Theory]
    [InlineData("pre-install", "PreSync")]
    [InlineData("pre-upgrade", "PreSync")]
    [InlineData("pre-install,pre-upgrade", "PreSync")]
    [InlineData("post-install", "PostSync")]
    [InlineData("post-upgrade, post-install", "PostSync")]
    public void Map_InstallAndUpgradeHooks_BecomePreSyncOrPostSync(string helmHook, string expected)
    {
        var mapped = Assert.Single(HelmHooks.Map([Rendered($$"""{"helm.sh/hook": "{{helmHook}}"}""")]));

        Assert.Equal(expected, mapped.Object.GetAnnotation(Hook.Annotation));
    }

    [Theory]
    [InlineData("test")]
    [InlineData("test-success")]
    [InlineData("pre-install,test")]
    [InlineData("pre-delete")]
    [InlineData("post-rollback")]
    public void Map_TestDeleteAndRollbackHooks_AreNeverApplied(string helmHook)
    {
        Assert.Empty(HelmHooks.Map([Rendered($$"""{"helm.sh/hook": "{{helmHook}}"}""")]));
    }

    [Fact]
    public void Map_WeightAndDeletePolicy_BecomeWaveAndOurPolicy()
    {
        var mapped = Assert.Single(HelmHooks.Map([Rendered("""{"helm.sh/hook": "pre-upgrade", "helm.sh/hook-weight": "-5", "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded"}""")]));

        Assert.Equal("-5", mapped.Object.GetAnnotation(SyncStage.SyncWaveAnnotation));
        Assert.Equal(HookDeletePolicy.BeforeHookCreation | HookDeletePolicy.HookSucceeded, Hook.DeletePolicyOf(mapped.Object));
        Assert.Null(Hook.Problem(mapped.Object));
    }

    [Fact]
    public void Map_OurOwnAnnotations_WinOverHelms()
    {
        var mapped = Assert.Single(HelmHooks.Map([Rendered("""{"helm.sh/hook": "pre-install", "helm.sh/hook-weight": "5", "gitopsagent.io/sync-wave": "1", "gitopsagent.io/hook-delete-policy": "HookFailed"}""")]));

        Assert.Equal(("1", "HookFailed"), (mapped.Object.GetAnnotation(SyncStage.SyncWaveAnnotation), mapped.Object.GetAnnotation(Hook.DeletePolicyAnnotation)));
    }

    [Fact]
    public void Map_UnknownHelmDeletePolicy_IsLeftForTheHookCheckToRefuse()
    {
        var mapped = Assert.Single(HelmHooks.Map([Rendered("""{"helm.sh/hook": "pre-install", "helm.sh/hook-delete-policy": "sometimes"}""")]));

        Assert.Contains("sometimes is not one of", Hook.Problem(mapped.Object), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo/crds/widgets.yaml", true)]
    [InlineData("demo/charts/sub/crds/gadgets.yaml", true)]
    [InlineData("demo/templates/crds/widgets.yaml", false)]
    public void Map_ChartCrdsFolder_IsAppliedBeforeHooks(string file, bool beforeHooks)
    {
        var mapped = Assert.Single(HelmHooks.Map([Rendered("{}", file, "CustomResourceDefinition", "widgets.example.com")]));

        Assert.Equal(beforeHooks, mapped.BeforeHooks);
    }

    [Fact]
    public async Task RenderAsync_RealHelmChartWithHooksTestsAndCrds_MapsThemAll()
    {
        var helm = ToolLocator.Find(null, "helm");
        Assert.SkipWhen(helm is null, "helm is not on PATH (eng/install-helm.sh fetches it)");

        using var repo = new TempDirectory("gitopsagent-render-test");
        repo.Write("chart/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
        repo.Write("chart/crds/widgets.yaml", "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\nspec: {group: example.com, scope: Namespaced, names: {kind: Widget, plural: widgets}, versions: [{name: v1, served: true, storage: true}]}\n");
        repo.Write("chart/templates/migrate.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-migrate\n  annotations:\n    \"helm.sh/hook\": pre-install,pre-upgrade\n    \"helm.sh/hook-weight\": \"-1\"\n    \"helm.sh/hook-delete-policy\": hook-succeeded\nspec: {template: {spec: {restartPolicy: Never, containers: [{name: m, image: busybox}]}}}\n");
        repo.Write("chart/templates/test.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-test\n  annotations: {\"helm.sh/hook\": test}\nspec: {containers: [{name: t, image: busybox}]}\n");
        repo.Write("chart/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n");

        var result = await new ManifestRenderer().RenderAsync(
            new RenderRequest(repo.Path, "chart", new ApplicationSource { Helm = new HelmSource { ReleaseName = "demo" } }, "web"), BuiltinResourceScope.Instance, TestContext.Current.CancellationToken);

        Assert.Equal(["widgets.example.com", "demo-migrate", "settings"], result.Objects.Select(m => m.Key.Name));
        Assert.True(result.Objects[0].BeforeHooks);
        Assert.Equal(("PreSync", "-1", "HookSucceeded"), (result.Objects[1].Object.GetAnnotation(Hook.Annotation), result.Objects[1].Object.GetAnnotation(SyncStage.SyncWaveAnnotation), result.Objects[1].Object.GetAnnotation(Hook.DeletePolicyAnnotation)));
    }
}
