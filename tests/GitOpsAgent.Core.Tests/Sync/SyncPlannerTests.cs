using System.Text.Json.Nodes;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Core.Tests.Diff;

namespace GitOpsAgent.Core.Tests.Sync;

public sealed class SyncPlannerTests
{
    private static readonly AppIdentity App = new("argocd", "shop");
    private static readonly SyncPlanOptions PruneOn = new(Prune: true, AllowEmpty: false);

    private static JsonObject Obj(string apiVersion, string kind, string name, string? annotations = null) =>
        TestData.Yaml($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: {name}\n  namespace: shop\n" + (annotations is null ? "" : $"  annotations: {annotations}\n"));

    private static Manifest Desired(JsonObject obj) => new(Tracking.Stamp(obj, App), new ManifestSource("app.yaml", 1));

    private static JsonObject Live(JsonObject obj) => Tracking.Stamp(obj, App);

    private static ResourceDiff DiffOf(Manifest m, DiffAction action) =>
        new(m.Key, action, action == DiffAction.Modified ? [new FieldDifference("spec.replicas", 2, 3)] : [], "", "managedFields");

    [Fact]
    public void Plan_OnlyCreatedAndModified_AreApplied_InGivenOrder()
    {
        var cm = Desired(Obj("v1", "ConfigMap", "settings"));
        var deploy = Desired(Obj("apps/v1", "Deployment", "web"));
        var svc = Desired(Obj("v1", "Service", "web"));

        var plan = SyncPlanner.Plan(App, [cm, deploy, svc], [DiffOf(cm, DiffAction.InSync), DiffOf(deploy, DiffAction.Modified), DiffOf(svc, DiffAction.Create)], [], PruneOn);

        Assert.Empty(plan.BlockedReasons);
        Assert.Equal(1, plan.Unchanged);
        Assert.Equal([(SyncStepKind.Apply, "Deployment"), (SyncStepKind.Apply, "Service")], plan.Steps.Select(s => (s.Kind, s.Key.Kind)));
        Assert.Contains("spec.replicas", plan.Steps[0].Reason, StringComparison.Ordinal);
        Assert.Same(deploy.Object, plan.Steps[0].Desired);
    }

    [Fact]
    public void Plan_ReplaceOption_ModifiedObjectIsReplaced_CreatedObjectIsApplied()
    {
        var job = Desired(Obj("batch/v1", "Job", "migrate", "{gitopsagent.io/sync-options: \"Validate=false, Replace=true\"}"));
        var job2 = Desired(Obj("batch/v1", "Job", "seed", "{gitopsagent.io/sync-options: Replace=true}"));

        var plan = SyncPlanner.Plan(App, [job, job2], [DiffOf(job, DiffAction.Modified), DiffOf(job2, DiffAction.Create)], [], PruneOn);

        Assert.Equal([SyncStepKind.Replace, SyncStepKind.Apply], plan.Steps.Select(s => s.Kind));
    }

    [Fact]
    public void Plan_LiveNotDesired_IsPrunedInReverseApplyOrder()
    {
        var keep = Desired(Obj("v1", "ConfigMap", "keep"));
        var live = new[] { Live(Obj("v1", "Namespace", "old")), Live(Obj("apps/v1", "Deployment", "old")), Live(Obj("v1", "ConfigMap", "old")), Live(Obj("v1", "ConfigMap", "keep")) };

        var plan = SyncPlanner.Plan(App, [keep], [DiffOf(keep, DiffAction.InSync)], live, PruneOn);

        Assert.Equal(["Deployment", "ConfigMap", "Namespace"], plan.Steps.Select(s => s.Key.Kind));
        Assert.All(plan.Steps, s => Assert.Equal(SyncStepKind.Prune, s.Kind));
    }

    [Fact]
    public void Plan_CustomPhase_OrdersPrunes()
    {
        var keep = Desired(Obj("v1", "ConfigMap", "keep"));
        var live = new[] { Live(Obj("v1", "ConfigMap", "a")), Live(Obj("v1", "Secret", "b")) };

        var plan = SyncPlanner.Plan(App, [keep], [], live, PruneOn with { ApplyPhase = k => k.Kind == "ConfigMap" ? 1 : 9 });
        var defaultPlan = SyncPlanner.Plan(App, [keep], [], live, PruneOn);

        Assert.Equal(["ConfigMap", "Secret"], defaultPlan.Steps.Where(s => s.Kind == SyncStepKind.Prune).Select(s => s.Key.Kind));

        Assert.Equal(SyncStepKind.Apply, plan.Steps[0].Kind);
        Assert.Equal(["Secret", "ConfigMap"], plan.Steps.Where(s => s.Kind == SyncStepKind.Prune).Select(s => s.Key.Kind));
    }

    [Fact]
    public void Plan_PruneDisabled_ReportsPruneSkipped()
    {
        var plan = SyncPlanner.Plan(App, [Desired(Obj("v1", "ConfigMap", "keep"))], [], [Live(Obj("v1", "ConfigMap", "old"))], PruneOn with { Prune = false });

        var step = plan.Steps.Single(s => s.Key.Name == "old");
        Assert.Equal(SyncStepKind.PruneSkipped, step.Kind);
        Assert.Equal("prune disabled", step.Reason);
    }

    [Fact]
    public void Plan_PruneFalseAnnotation_IsSkipped()
    {
        var live = Live(Obj("v1", "ConfigMap", "old", "{gitopsagent.io/prune: \"false\"}"));

        var plan = SyncPlanner.Plan(App, [Desired(Obj("v1", "ConfigMap", "keep"))], [], [live], PruneOn);

        Assert.Equal(SyncStepKind.PruneSkipped, plan.Steps.Single(s => s.Key.Name == "old").Kind);
    }

    [Fact]
    public void Plan_StrangerWithCopiedLabel_IsNeverPruned()
    {
        var stranger = Obj("v1", "ConfigMap", "stranger");
        stranger.SetLabel(Tracking.LabelKey, Tracking.LabelValue(App));

        var plan = SyncPlanner.Plan(App, [Desired(Obj("v1", "ConfigMap", "keep"))], [], [stranger], PruneOn);

        var step = plan.Steps.Single(s => s.Key.Name == "stranger");
        Assert.Equal(SyncStepKind.PruneSkipped, step.Kind);
        Assert.Contains("not ours", step.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_EmptyDesiredWithoutAllowEmpty_IsBlockedNamingTheCount()
    {
        var plan = SyncPlanner.Plan(App, [], [], [Live(Obj("v1", "ConfigMap", "a")), Live(Obj("v1", "ConfigMap", "b"))], PruneOn);

        Assert.Contains("2 objects", Assert.Single(plan.BlockedReasons), StringComparison.Ordinal);
        Assert.True(plan.IsBlocked);
    }

    [Fact]
    public void Plan_EmptyDesiredWithAllowEmpty_PrunesEverything()
    {
        var plan = SyncPlanner.Plan(App, [], [], [Live(Obj("v1", "ConfigMap", "a"))], PruneOn with { AllowEmpty = true });

        Assert.Empty(plan.BlockedReasons);
        Assert.Equal(SyncStepKind.Prune, Assert.Single(plan.Steps).Kind);
    }

    [Fact]
    public void Plan_RenderFailed_IsBlocked()
    {
        var plan = SyncPlanner.Plan(App, [], [], [Live(Obj("v1", "ConfigMap", "a"))], PruneOn with { RenderSucceeded = false, AllowEmpty = true });

        Assert.Contains("rendering failed", Assert.Single(plan.BlockedReasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_SameLiveObjectListedTwice_IsPrunedOnce()
    {
        var old = Live(Obj("v1", "ConfigMap", "old"));

        var plan = SyncPlanner.Plan(App, [Desired(Obj("v1", "ConfigMap", "keep"))], [], [old, (JsonObject)old.DeepClone()], PruneOn);

        Assert.Single(plan.Steps, s => s.Kind == SyncStepKind.Prune);
    }

    [Fact]
    public void Plan_DiffMissingForDesiredObject_IsTreatedAsCreate()
    {
        var cm = Desired(Obj("v1", "ConfigMap", "settings"));

        var plan = SyncPlanner.Plan(App, [cm], [], [], PruneOn);

        Assert.Equal(SyncStepKind.Apply, Assert.Single(plan.Steps).Kind);
        Assert.Equal(0, plan.Unchanged);
    }
}
