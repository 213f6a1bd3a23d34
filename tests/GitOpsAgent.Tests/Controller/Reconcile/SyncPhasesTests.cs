using System.Text.Json.Nodes;
using GitOpsAgent.Controller;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Tests.Controller.Fakes;

namespace GitOpsAgent.Tests.Controller.Reconcile;

/// <summary>Hooks, health-gated waves and dependsOn through the real reconciler on fakes: a sync over several reconciles.</summary>
public sealed class SyncPhasesTests : IAsyncLifetime
{
    private const string ShaA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string ShaB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private ReconcilerHarness _h = null!;

    public ValueTask InitializeAsync()
    {
        _h = new ReconcilerHarness();
        _h.Kube.Serve("batch/v1", "Job", "jobs");
        _h.Git.Point("main", ShaA);
        _h.CreateApplication();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _h.DisposeAsync();

    private static JsonObject Job(string name, string hook, string? policy = null, string? wave = null)
    {
        var annotations = new JsonObject { ["gitopsagent.io/hook"] = hook };
        if (policy is not null)
        {
            annotations["gitopsagent.io/hook-delete-policy"] = policy;
        }

        if (wave is not null)
        {
            annotations["gitopsagent.io/sync-wave"] = wave;
        }

        return new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "shop", ["annotations"] = annotations },
            ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject { ["restartPolicy"] = "Never" } } },
        };
    }

    private static JsonObject InWave(JsonObject obj, string wave)
    {
        obj.SetAnnotation("gitopsagent.io/sync-wave", wave);
        return obj;
    }

    private static JsonObject Deployment(string name) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "shop" },
        ["spec"] = new JsonObject { ["replicas"] = 1 },
    };

    /// <summary>What the Job's controller would write; the watch cache sees it before the next reconcile.</summary>
    private async Task FinishJobAsync(string name, bool succeeded)
    {
        var condition = succeeded
            ? new JsonObject { ["type"] = "Complete", ["status"] = "True" }
            : new JsonObject { ["type"] = "Failed", ["status"] = "True", ["reason"] = "BackoffLimitExceeded", ["message"] = "Job has reached the specified backoff limit" };
        var written = await _h.Kube.PatchAsync("batch/v1", "Job", "shop", name,
            new JsonObject { ["status"] = new JsonObject { ["conditions"] = new JsonArray(condition) } }, PatchType.Merge, default, "status");
        await _h.SettleAsync(written);
    }

    private async Task RollOutAsync(string name)
    {
        var written = await _h.Kube.PatchAsync("apps/v1", "Deployment", "shop", name, JsonNode.Parse("""
            {"status": {"observedGeneration": 1, "replicas": 1, "updatedReplicas": 1, "readyReplicas": 1, "availableReplicas": 1,
              "conditions": [{"type": "Available", "status": "True"}, {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"}]}}
            """)!, PatchType.Merge, default, "status");
        await _h.SettleAsync(written);
    }

    private bool Applied(string kind, string name) => _h.Kube.Calls.Any(c => c is { Verb: "apply", DryRun: false } && c.Kind == kind && c.Name == name);

    [Fact]
    public async Task Reconcile_PreSyncHook_RunsAndCompletesBeforeTheSyncPhase_AndIsNoManagedObject()
    {
        _h.Renderer.At(ShaA, Job("migrate", "PreSync"), ReconcilerHarness.ConfigMap("settings", "one"));

        var waiting = await _h.ReconcileAsync();

        Assert.True(Applied("Job", "migrate"));
        Assert.False(Applied("ConfigMap", "settings"));
        Assert.Equal(ConditionReasons.HookRunning, _h.Condition(ConditionTypes.Ready)!.Reason);
        Assert.Equal((OperationPhases.Running, "PreSync"), (_h.Status().OperationState!.Phase, _h.Status().OperationState!.SyncPhase));
        Assert.False(waiting.Failed);
        Assert.True(waiting.RequeueAfter <= TimeSpan.FromSeconds(5));

        await FinishJobAsync("migrate", succeeded: true);
        await _h.ReconcileAsync(ReconcileTriggers.ObjectChanged);

        var status = _h.Status();
        Assert.Equal("one", _h.Kube.Find("v1", "ConfigMap", "shop", "settings")!.GetStringAt("data", "value"));
        Assert.Equal((OperationPhases.Succeeded, ShaA), (status.OperationState!.Phase, status.LastAppliedRevision));
        Assert.Equal(Conditions.True, _h.Condition(ConditionTypes.Ready)!.Status);
        Assert.Equal(["ConfigMap"], status.Resources!.Select(r => r.Kind));
        Assert.Contains(status.OperationState.Resources!, r => r is { Kind: "Job", Name: "migrate", HookStatus: "Succeeded", SyncPhase: "PreSync" });
    }

    [Fact]
    public async Task Reconcile_PreSyncHookFails_RunsSyncFailHook_AppliesNothingElse_AndIsNotRetriedAtThatRevision()
    {
        _h.Renderer.At(ShaA, Job("migrate", "PreSync"), Job("notify", "SyncFail"), ReconcilerHarness.ConfigMap("settings", "one"));
        await _h.ReconcileAsync();
        await FinishJobAsync("migrate", succeeded: false);

        await _h.ReconcileAsync(ReconcileTriggers.ObjectChanged);

        Assert.True(Applied("Job", "notify"));
        Assert.Equal(ConditionReasons.HookRunning, _h.Condition(ConditionTypes.Ready)!.Reason);
        await FinishJobAsync("notify", succeeded: true);
        var failed = await _h.ReconcileAsync(ReconcileTriggers.ObjectChanged);

        var ready = _h.Condition(ConditionTypes.Ready)!;
        Assert.Equal((Conditions.False, ConditionReasons.HookFailed), (ready.Status, ready.Reason));
        Assert.Contains("PreSync hook Job.batch shop/migrate failed: Job has reached the specified backoff limit", ready.Message, StringComparison.Ordinal);
        Assert.Contains("Job.batch shop/notify (Succeeded)", ready.Message, StringComparison.Ordinal);
        Assert.Equal(ConditionReasons.HookFailed, _h.Condition(ConditionTypes.Stalled)!.Reason);
        Assert.Equal(OperationPhases.Failed, _h.Status().OperationState!.Phase);
        Assert.True(failed.Failed);
        Assert.Contains(_h.Events(), e => e is { Type: "Warning", Reason: ConditionReasons.HookFailed });

        var calls = _h.Kube.Calls.Count(c => c.Verb is "apply" or "delete");
        _h.Time.Advance(TimeSpan.FromMinutes(5));
        await _h.ReconcileAsync();

        Assert.Equal(calls, _h.Kube.Calls.Count(c => c.Verb is "apply" or "delete"));
        Assert.False(Applied("ConfigMap", "settings"));
        Assert.Equal(ConditionReasons.HookFailed, _h.Condition(ConditionTypes.Ready)!.Reason);
    }

    [Fact]
    public async Task Reconcile_SyncRequestAfterAFailedHook_RunsTheSyncAgain()
    {
        _h.Renderer.At(ShaA, Job("migrate", "PreSync"), ReconcilerHarness.ConfigMap("settings", "one"));
        await _h.ReconcileAsync();
        await FinishJobAsync("migrate", succeeded: false);
        await _h.ReconcileAsync(ReconcileTriggers.ObjectChanged);
        Assert.Equal(ConditionReasons.HookFailed, _h.Condition(ConditionTypes.Ready)!.Reason);
        Assert.Null(_h.Application()!.GetAnnotation("gitopsagent.io/sync"));

        _h.CreateApplication(edit: app => app["metadata"]!["annotations"] = new JsonObject { ["gitopsagent.io/sync"] = "true" });
        await _h.ReconcileAsync(ReconcileTriggers.ApplicationChanged);

        // BeforeHookCreation: the failed Job is deleted and the hook created again.
        Assert.Equal(2, _h.Kube.Calls.Count(c => c is { Verb: "apply", DryRun: false, Kind: "Job" }));
        Assert.Contains(_h.Kube.Calls, c => c is { Verb: "delete", Kind: "Job", Name: "migrate" });
        Assert.Equal(ConditionReasons.HookRunning, _h.Condition(ConditionTypes.Ready)!.Reason);
    }

    [Fact]
    public async Task Reconcile_Wave2_WaitsForWave1ToBeHealthy()
    {
        _h.Renderer.At(ShaA, InWave(Deployment("db"), "1"), InWave(ReconcilerHarness.ConfigMap("app-config", "one"), "2"));

        await _h.ReconcileAsync();

        Assert.True(Applied("Deployment", "db"));
        Assert.False(Applied("ConfigMap", "app-config"));
        var ready = _h.Condition(ConditionTypes.Ready)!;
        Assert.Equal(ConditionReasons.WaitingForWave, ready.Reason);
        Assert.Contains("waiting for Deployment.apps shop/db", ready.Message, StringComparison.Ordinal);
        Assert.Equal(("Sync", 1), (_h.Status().OperationState!.SyncPhase, _h.Status().OperationState!.SyncWave));

        await RollOutAsync("db");
        await _h.ReconcileAsync(ReconcileTriggers.ObjectChanged);

        Assert.True(Applied("ConfigMap", "app-config"));
        Assert.Equal(OperationPhases.Succeeded, _h.Status().OperationState!.Phase);
    }

    [Fact]
    public async Task Reconcile_SyncUnderWayAfterAFinishedOne_KeepsNothingOfTheLastOperation()
    {
        _h.Renderer.At(ShaA, ReconcilerHarness.ConfigMap("settings", "one"));
        await _h.ReconcileAsync();
        Assert.NotNull(_h.Status().OperationState!.FinishedAt);
        _h.Git.Point("main", ShaB);
        _h.Renderer.At(ShaB, InWave(Deployment("db"), "1"), InWave(ReconcilerHarness.ConfigMap("settings", "two"), "2"));

        await _h.ReconcileAsync();

        var operation = _h.Status().OperationState!;
        Assert.Equal((OperationPhases.Running, ShaB), (operation.Phase, operation.Revision));
        Assert.Null(operation.FinishedAt);
        Assert.DoesNotContain("synced", operation.Message ?? "", StringComparison.Ordinal);
        Assert.Equal(["Deployment"], operation.Resources!.Select(r => r.Kind));
    }

    [Fact]
    public async Task Reconcile_WaveNeverHealthy_FailsWithWaveTimeoutAfterTheApplicationsTimeout()
    {
        _h.CreateApplication(edit: app => app["spec"]!["syncPolicy"]!["waveTimeout"] = "2m");
        _h.Renderer.At(ShaA, InWave(Deployment("db"), "1"), InWave(ReconcilerHarness.ConfigMap("app-config", "one"), "2"));
        await _h.ReconcileAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await _h.ReconcileAsync();
        Assert.Equal(ConditionReasons.WaitingForWave, _h.Condition(ConditionTypes.Ready)!.Reason);

        _h.Time.Advance(TimeSpan.FromMinutes(1.5));
        await _h.ReconcileAsync();

        var stalled = _h.Condition(ConditionTypes.Stalled)!;
        Assert.Equal(ConditionReasons.WaveTimeout, stalled.Reason);
        Assert.Contains("Wave 1 did not become healthy within 2m0s: Deployment.apps shop/db", stalled.Message, StringComparison.Ordinal);
        Assert.False(Applied("ConfigMap", "app-config"));
    }

    [Fact]
    public async Task Reconcile_HooksInTheCluster_AreNeitherPrunedNorOutOfSync()
    {
        _h.Renderer.At(ShaA, Job("migrate", "PreSync"), ReconcilerHarness.ConfigMap("settings", "one"));
        await _h.ReconcileAsync();
        await FinishJobAsync("migrate", succeeded: true);
        await _h.ReconcileAsync(ReconcileTriggers.ObjectChanged);

        // The hook leaves Git; the next sync neither prunes nor counts it.
        _h.Git.Point("main", ShaB);
        _h.Renderer.At(ShaB, ReconcilerHarness.ConfigMap("settings", "two"));
        await _h.ReconcileAsync();

        Assert.NotNull(_h.Kube.Find("batch/v1", "Job", "shop", "migrate"));
        Assert.DoesNotContain(_h.Kube.Calls, c => c is { Verb: "delete", Kind: "Job" });
        Assert.Equal(("Synced", ShaB), (_h.Status().Sync!.Status, _h.Status().LastAppliedRevision));
        Assert.DoesNotContain(_h.Status().Resources!, r => r.Kind == "Job");
    }

    [Fact]
    public async Task Reconcile_HookNamingAnotherApplicationsObject_IsRefusedAndNothingIsTakenOver()
    {
        _h.Kube.Put(Core.Sync.Tracking.Stamp(Job("migrate", "PreSync"), new Core.Sync.AppIdentity("shop", "other")));
        _h.Renderer.At(ShaA, ReconcilerHarness.ConfigMap("settings", "one"), Job("migrate", "PostSync"));

        await _h.ReconcileAsync();

        // Refused before anything is applied, though the hook would run last.
        var stalled = _h.Condition(ConditionTypes.Stalled)!;
        Assert.Equal(ConditionReasons.OwnedByAnotherApplication, stalled.Reason);
        Assert.Contains("hook Job.batch shop/migrate is managed by Application shop/other", stalled.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_h.Kube.Calls, c => c is { Verb: "apply" or "delete", DryRun: false, Kind: "Job" });
        Assert.False(Applied("ConfigMap", "settings"));
    }

    [Fact]
    public async Task Reconcile_HookSucceededPolicy_DeletesTheHookOnceItCompleted()
    {
        _h.Renderer.At(ShaA, Job("migrate", "PreSync", policy: "HookSucceeded"), ReconcilerHarness.ConfigMap("settings", "one"));
        await _h.ReconcileAsync();
        await FinishJobAsync("migrate", succeeded: true);

        await _h.ReconcileAsync(ReconcileTriggers.ObjectChanged);

        Assert.Null(_h.Kube.Find("batch/v1", "Job", "shop", "migrate"));
        Assert.Equal(OperationPhases.Succeeded, _h.Status().OperationState!.Phase);
    }

    [Fact]
    public async Task Reconcile_NewRevisionWhileAWaveWaits_TerminatesTheSyncAndSyncsTheNewOne()
    {
        _h.Renderer.At(ShaA, InWave(Deployment("db"), "1"), InWave(ReconcilerHarness.ConfigMap("app-config", "one"), "2"));
        await _h.ReconcileAsync();
        _h.Git.Point("main", ShaB);
        _h.Renderer.At(ShaB, InWave(ReconcilerHarness.ConfigMap("app-config", "two"), "2"));

        await _h.ReconcileAsync();

        Assert.Contains(_h.Events(), e => e.Reason == "SyncTerminated" && e.Message.Contains(ShaA, StringComparison.Ordinal));
        Assert.Equal("two", _h.Kube.Find("v1", "ConfigMap", "shop", "app-config")!.GetStringAt("data", "value"));
        Assert.Equal((OperationPhases.Succeeded, ShaB), (_h.Status().OperationState!.Phase, _h.Status().OperationState!.Revision));
    }

    [Fact]
    public async Task Reconcile_AutomatedTurnedOffWhileAWaveWaits_EndsTheSyncWithoutSyncingTheNewRevision()
    {
        _h.Renderer.At(ShaA, InWave(Deployment("db"), "1"), InWave(ReconcilerHarness.ConfigMap("app-config", "one"), "2"));
        await _h.ReconcileAsync();
        _h.CreateApplication(edit: app =>
        {
            app["metadata"]!["generation"] = 2;
            app["spec"]!["syncPolicy"] = new JsonObject();
        });

        await _h.ReconcileAsync(ReconcileTriggers.ApplicationChanged);

        var operation = _h.Status().OperationState!;
        Assert.Equal(OperationPhases.Error, operation.Phase);
        Assert.Contains("terminated at wave 1", operation.Message, StringComparison.Ordinal);
        Assert.False(Applied("ConfigMap", "app-config"));
        Assert.Contains(_h.Events(), e => e.Reason == "SyncTerminated");
    }

    [Fact]
    public async Task Reconcile_DependencyNotReady_WaitsNamingIt_ThenSyncsOnceItIsReady()
    {
        PutApplication("db", ready: false);
        _h.CreateApplication(edit: app => app["spec"]!["dependsOn"] = JsonNode.Parse("""[{"name": "db"}]"""));
        _h.Renderer.At(ShaA, ReconcilerHarness.ConfigMap("settings", "one"));

        var waiting = await _h.ReconcileAsync();

        var ready = _h.Condition(ConditionTypes.Ready)!;
        Assert.Equal(ConditionReasons.DependencyNotReady, ready.Reason);
        Assert.Contains("shop/db is not Ready (Degraded: broken)", ready.Message, StringComparison.Ordinal);
        Assert.False(Applied("ConfigMap", "settings"));
        Assert.False(waiting.Failed);

        PutApplication("db", ready: true);
        await _h.ReconcileAsync(ReconcileTriggers.DependencyReady);

        Assert.True(Applied("ConfigMap", "settings"));
        Assert.Equal(Conditions.True, _h.Condition(ConditionTypes.Ready)!.Status);
    }

    [Fact]
    public async Task Reconcile_DependsOnCycle_IsStalledNamingTheCycle()
    {
        PutApplication("db", ready: true, dependsOn: "web");
        _h.CreateApplication(edit: app => app["spec"]!["dependsOn"] = JsonNode.Parse("""[{"name": "db", "namespace": "shop"}]"""));
        _h.Renderer.At(ShaA, ReconcilerHarness.ConfigMap("settings", "one"));

        await _h.ReconcileAsync();

        var stalled = _h.Condition(ConditionTypes.Stalled)!;
        Assert.Equal(ConditionReasons.DependencyCycle, stalled.Reason);
        Assert.Contains("shop/web -> shop/db -> shop/web", stalled.Message, StringComparison.Ordinal);
        Assert.False(Applied("ConfigMap", "settings"));
    }

    private void PutApplication(string name, bool ready, string? dependsOn = null)
    {
        var spec = new JsonObject { ["source"] = new JsonObject { ["repoURL"] = ReconcilerHarness.RepoUrl } };
        if (dependsOn is not null)
        {
            spec["dependsOn"] = new JsonArray(new JsonObject { ["name"] = dependsOn });
        }

        _h.Kube.Put(new JsonObject
        {
            ["apiVersion"] = "gitopsagent.io/v1alpha1",
            ["kind"] = "Application",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "shop", ["generation"] = 1 },
            ["spec"] = spec,
            ["status"] = JsonNode.Parse($$"""
                {"observedGeneration": 1, "lastAttemptedRevision": "{{ShaA}}", "lastAppliedRevision": "{{ShaA}}",
                 "conditions": [{"type": "Ready", "status": "{{(ready ? "True" : "False")}}", "reason": "{{(ready ? "Succeeded" : "Degraded")}}", "message": "{{(ready ? "synced" : "broken")}}"}]}
                """),
        });
    }
}
