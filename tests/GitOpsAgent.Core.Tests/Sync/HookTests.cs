using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Manifests.Rendering;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Core.Tests.Diff;

namespace GitOpsAgent.Core.Tests.Sync;

public sealed class HookTests
{
    private static System.Text.Json.Nodes.JsonObject Job(string annotations, string name = "migrate") =>
        TestData.Yaml($"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\n  namespace: shop\n  annotations: {annotations}\n");

    [Theory]
    [InlineData("{gitopsagent.io/hook: PreSync}", SyncPhase.PreSync)]
    [InlineData("{gitopsagent.io/hook: PostSync}", SyncPhase.PostSync)]
    [InlineData("{gitopsagent.io/hook: \" SyncFail \"}", SyncPhase.SyncFail)]
    public void PhaseOf_HookAnnotation_IsItsPhase(string annotations, SyncPhase expected)
    {
        Assert.Equal(expected, Hook.PhaseOf(Job(annotations)));
        Assert.Null(Hook.Problem(Job(annotations)));
    }

    [Theory]
    [InlineData("{}", HookDeletePolicy.BeforeHookCreation)]
    [InlineData("{gitopsagent.io/hook-delete-policy: HookSucceeded}", HookDeletePolicy.HookSucceeded)]
    [InlineData("{gitopsagent.io/hook-delete-policy: \"HookSucceeded, HookFailed\"}", HookDeletePolicy.HookSucceeded | HookDeletePolicy.HookFailed)]
    public void DeletePolicyOf_Annotation_IsTheListedPolicies_BeforeHookCreationByDefault(string policy, HookDeletePolicy expected)
    {
        var job = Job(policy == "{}" ? "{gitopsagent.io/hook: PreSync}" : policy.Replace("{", "{gitopsagent.io/hook: PreSync, ", StringComparison.Ordinal));

        Assert.Equal(expected, Hook.DeletePolicyOf(job));
    }

    [Theory]
    [InlineData("{gitopsagent.io/hook: Sync}", "\"Sync\" is not one of PreSync, PostSync, SyncFail")]
    [InlineData("{gitopsagent.io/hook: presync}", "\"presync\" is not one of PreSync, PostSync, SyncFail")]
    [InlineData("{gitopsagent.io/hook: \"PreSync,PostSync\"}", "is not one of PreSync, PostSync, SyncFail")]
    [InlineData("{gitopsagent.io/hook: PreSync, gitopsagent.io/hook-delete-policy: \"HookSucceeded,Always\"}", "Always is not one of BeforeHookCreation, HookSucceeded, HookFailed")]
    [InlineData("{gitopsagent.io/hook: PreSync, gitopsagent.io/hook-delete-policy: \"3\"}", "3 is not one of")]
    [InlineData("{gitopsagent.io/hook-delete-policy: HookSucceeded}", "only hooks have a delete policy")]
    public void Problem_InvalidHookAnnotations_SaysWhat(string annotations, string expected)
    {
        Assert.Contains(expected, Hook.Problem(Job(annotations)), StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_HookWithGenerateName_NeedsAName()
    {
        var job = TestData.Yaml("apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\n  annotations: {gitopsagent.io/hook: PreSync}\n");

        Assert.Equal("a hook needs metadata.name (generateName is not supported)", Hook.Problem(job));
    }

    [Fact]
    public void Process_InvalidHookAnnotation_FailsNamingFileLineAndObject()
    {
        var manifest = new Manifest(Job("{gitopsagent.io/hook: PreInstall}"), new ManifestSource("app/migrate.yaml", 12));

        var ex = Assert.Throws<ManifestParseException>(() => ManifestPostProcessor.Process([manifest], "shop", BuiltinResourceScope.Instance));

        Assert.Equal("app/migrate.yaml:12: Job.batch shop/migrate: gitopsagent.io/hook \"PreInstall\" is not one of PreSync, PostSync, SyncFail", ex.Message);
    }

    [Fact]
    public void Split_Hooks_AreKeptApartFromManagedObjects_InOrder()
    {
        Manifest[] input =
        [
            new(Job("{gitopsagent.io/hook: PreSync}", "a"), new ManifestSource("f", 1)),
            new(TestData.Yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\n"), new ManifestSource("f", 2)),
            new(Job("{gitopsagent.io/hook: PostSync}", "b"), new ManifestSource("f", 3)),
        ];

        var (managed, hooks) = Hook.Split(input);

        Assert.Equal(["c"], managed.Select(m => m.Key.Name));
        Assert.Equal(["a", "b"], hooks.Select(m => m.Key.Name));
    }

    [Fact]
    public void SyncStage_Order_IsPhaseThenWave()
    {
        SyncStage[] stages = [new(SyncPhase.PostSync, -5), new(SyncPhase.Sync, 3), SyncStage.BeforeHooks, new(SyncPhase.PreSync, 0), new(SyncPhase.Sync, -1)];

        Assert.Equal(["the chart's CRDs", "PreSync wave 0", "wave -1", "wave 3", "PostSync wave -5"], stages.Order().Select(s => s.ToString()));
    }
}
