using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Tests.Controller.Fakes;

namespace GitOpsAgent.Tests.Controller.Reconcile;

/// <summary>The cluster's variables in the spec, and spec.substitute/substituteFrom handed to the render.</summary>
public sealed class VariablesReconcilerTests : IAsyncLifetime
{
    private const string ShaA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private ReconcilerHarness _h = null!;

    public ValueTask InitializeAsync()
    {
        _h = new ReconcilerHarness();
        _h.Options.ClusterName = "east";
        _h.Options.ClusterLabels = new Dictionary<string, string> { ["region"] = "eu-west" };
        _h.Git.Point("main", ShaA);
        _h.Renderer.At(ShaA, ReconcilerHarness.ConfigMap("settings", "one"));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _h.DisposeAsync();

    private static JsonObject VariablesConfigMap(string value) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = "vars", ["namespace"] = "shop" },
        ["data"] = new JsonObject { ["tier"] = value },
    };

    [Fact]
    public async Task Reconcile_PathWithClusterName_RendersTheClusterFolder_AndTheStoredSpecKeepsTheReference()
    {
        _h.Git.Folders.Add("clusters/east/eu-west");
        _h.CreateApplication(edit: app => app["spec"]!["source"]!["path"] = "clusters/${cluster.name}/${cluster.labels.region}");

        await _h.ReconcileAsync();

        Assert.True(_h.Renderer.LastRequest is not null, _h.Condition(ConditionTypes.Ready)?.Message);
        Assert.Equal("clusters/east/eu-west", _h.Renderer.LastRequest.Path);
        Assert.Null(_h.Renderer.LastRequest.Substitutions);
        Assert.Equal(ConditionReasons.Succeeded, _h.Condition(ConditionTypes.Ready)!.Reason);
        Assert.Equal("clusters/${cluster.name}/${cluster.labels.region}", _h.Application()!.GetStringAt("spec", "source", "path"));
    }

    [Fact]
    public async Task Reconcile_UndefinedClusterLabelInTheRevision_StallsAsInvalidSpecWithoutRendering()
    {
        _h.CreateApplication(branch: "release-${cluster.labels.tier}");

        await _h.ReconcileAsync();

        var ready = _h.Condition(ConditionTypes.Ready)!;
        Assert.Equal((Conditions.False, ConditionReasons.InvalidSpec), (ready.Status, ready.Reason));
        Assert.StartsWith("spec.source.targetRevision: variable \"cluster.labels.tier\" is not defined", ready.Message);
        Assert.Null(_h.Renderer.LastRequest);
    }

    [Fact]
    public async Task Reconcile_MissingSubstituteFromConfigMap_RetriesAsSubstitutionFailed_ThenRendersWithItsValues()
    {
        _h.CreateApplication(edit: app =>
        {
            app["spec"]!["substitute"] = new JsonObject { ["replicas"] = "2" };
            app["spec"]!["substituteFrom"] = new JsonArray(new JsonObject { ["kind"] = "ConfigMap", ["name"] = "vars" });
        });

        var missing = await _h.ReconcileAsync();
        var ready = _h.Condition(ConditionTypes.Ready)!;
        Assert.True(missing.Failed);
        Assert.Equal(ConditionReasons.SubstitutionFailed, ready.Reason);
        Assert.Contains("ConfigMap shop/vars named by spec.substituteFrom does not exist", ready.Message);
        Assert.Null(_h.Renderer.LastRequest);
        Assert.Null(_h.Kube.Find("v1", "ConfigMap", "shop", "settings"));

        _h.Kube.Put(VariablesConfigMap("prod"));
        await _h.ReconcileAsync();

        var variables = _h.Renderer.LastRequest!.Substitutions!;
        Assert.True(variables.TryGet("tier", out var tier) && tier == "prod");
        Assert.True(variables.TryGet("replicas", out var replicas) && replicas == "2");
        Assert.True(variables.TryGet("cluster.name", out var cluster) && cluster == "east");
        Assert.Equal(ConditionReasons.Succeeded, _h.Condition(ConditionTypes.Ready)!.Reason);
    }

    [Fact]
    public async Task Reconcile_OnlyAManagedObjectChanged_ReusesTheVariablesWithoutReadingThemAgain()
    {
        _h.Kube.Put(VariablesConfigMap("prod"));
        _h.CreateApplication(edit: app => app["spec"]!["substituteFrom"] = new JsonArray(new JsonObject { ["kind"] = "ConfigMap", ["name"] = "vars" }));
        await _h.ReconcileAsync();
        int VariableReads() => _h.Kube.Calls.Count(c => c is { Verb: "get", Kind: "ConfigMap", Name: "vars" });
        var readsAfterFirst = VariableReads();

        await _h.ReconcileAsync(GitOpsAgent.Controller.ReconcileTriggers.ObjectChanged);
        var readsAfterObjectChange = VariableReads();
        _h.Kube.Put(VariablesConfigMap("staging"));
        await _h.ReconcileAsync(GitOpsAgent.Controller.ReconcileTriggers.Poll);

        Assert.Equal(1, readsAfterFirst);
        Assert.Equal(readsAfterFirst, readsAfterObjectChange);
        Assert.True(_h.Renderer.LastRequest!.Substitutions!.TryGet("tier", out var tier) && tier == "staging");
    }
}
