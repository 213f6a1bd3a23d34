using GitOpsAgent.Controller;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Rendering;
using GitOpsAgent.Tests.Controller.Fakes;

namespace GitOpsAgent.Tests.Controller.Reconcile;

/// <summary>The reconcile steps end to end on fakes: what the status, the cluster and the Events say for each outcome.</summary>
public sealed class ReconcilerTests : IAsyncLifetime
{
    private const string ShaA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string ShaB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private const string ShaC = "cccccccccccccccccccccccccccccccccccccccc";
    private ReconcilerHarness _h = null!;

    public ValueTask InitializeAsync()
    {
        _h = new ReconcilerHarness();
        _h.Git.Point("main", ShaA);
        _h.Renderer.At(ShaA, ReconcilerHarness.ConfigMap("settings", "one"));
        _h.CreateApplication();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _h.DisposeAsync();

    private Task SyncedAtAAsync() => _h.ReconcileAsync();

    [Fact]
    public async Task Reconcile_NewApplication_AppliesAndReportsReadyAtTheCommit()
    {
        await _h.ReconcileAsync();

        var status = _h.Status();
        Assert.Equal((ShaA, ShaA, "Synced"), (status.LastAttemptedRevision, status.LastAppliedRevision, status.Sync!.Status));
        Assert.Equal((Conditions.True, ConditionReasons.Succeeded), (_h.Condition(ConditionTypes.Ready)!.Status, _h.Condition(ConditionTypes.Ready)!.Reason));
        Assert.Null(_h.Condition(ConditionTypes.Stalled));
        Assert.Equal("one", _h.Kube.Find("v1", "ConfigMap", "shop", "settings")!.GetStringAt("data", "value"));
        Assert.Equal(("commit aaaaaaa", "Dev One"), (Assert.Single(status.History!).Subject, status.History![0].Author));
        Assert.Contains(_h.Events(), e => e.Reason == "SyncSucceeded");
    }

    [Fact]
    public async Task Reconcile_RenderFailsAtANewCommit_ReadyFalseNamingTheFile_OldCommitStaysApplied()
    {
        await SyncedAtAAsync();
        _h.Git.Point("main", ShaB);
        _h.Renderer.FailAt(ShaB, new RenderException(RenderFailureReason.InvalidManifest, new ManifestParseException("app/cm.yaml", 3, 1, "did not find expected ',' or ']'").Message));

        var result = await _h.ReconcileAsync();

        var status = _h.Status();
        var ready = _h.Condition(ConditionTypes.Ready)!;
        Assert.Equal((Conditions.False, ConditionReasons.InvalidManifest), (ready.Status, ready.Reason));
        Assert.Contains("app/cm.yaml:3:1: did not find expected ',' or ']'", ready.Message, StringComparison.Ordinal);
        Assert.Equal((ShaB, ShaA, "Unknown"), (status.LastAttemptedRevision, status.LastAppliedRevision, status.Sync!.Status));
        Assert.NotEqual(Conditions.True, _h.Condition(ConditionTypes.Synced)!.Status);
        Assert.Equal(Conditions.True, _h.Condition(ConditionTypes.Stalled)!.Status);
        Assert.NotNull(_h.Kube.Find("v1", "ConfigMap", "shop", "settings"));
        Assert.Contains(_h.Events(), e => e is { Type: "Warning", Reason: ConditionReasons.InvalidManifest });
        Assert.True(result.Failed);
        Assert.Contains(_h.Errors.GetMeasurementSnapshot(), m => (string?)m.Tags["reason"] == ConditionReasons.InvalidManifest);
    }

    [Fact]
    public async Task Reconcile_SameFailureTwice_RecordsOneWarning()
    {
        await SyncedAtAAsync();
        _h.Git.Point("main", ShaB);
        _h.Renderer.FailAt(ShaB, new RenderException(RenderFailureReason.KustomizeFailed, "app/kustomization.yaml: missing.yaml: no such file"));

        await _h.ReconcileAsync();
        await _h.ReconcileAsync();

        Assert.Single(_h.Events(), e => e.Reason == ConditionReasons.KustomizeFailed);
        Assert.Equal(2, _h.Errors.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public async Task Reconcile_FixCommittedAfterAFailure_EveryConditionAgreesAgain()
    {
        await SyncedAtAAsync();
        _h.Git.Point("main", ShaB);
        _h.Renderer.FailAt(ShaB, new RenderException(RenderFailureReason.HelmFailed, "helm template app failed (exit code 1): boom"));
        await _h.ReconcileAsync();
        _h.Git.Point("main", ShaC);
        _h.Renderer.At(ShaC, ReconcilerHarness.ConfigMap("settings", "two"));

        await _h.ReconcileAsync();

        var status = _h.Status();
        Assert.All(status.Conditions!, c => Assert.DoesNotContain(ConditionReasons.HelmFailed, c.Reason, StringComparison.Ordinal));
        Assert.Equal([ConditionTypes.Ready, ConditionTypes.Synced, ConditionTypes.Healthy], status.Conditions!.Select(c => c.Type));
        Assert.All(status.Conditions!, c => Assert.Equal(Conditions.True, c.Status));
        Assert.Equal((ShaC, ShaC), (status.LastAttemptedRevision, status.LastAppliedRevision));
        Assert.Contains(_h.Events(), e => e.Reason == "Recovered");
    }

    [Fact]
    public async Task Reconcile_NewApplication_ReadsLiveStateFromTheWatchCache_ADryRunAndAnApplyPerObject()
    {
        _h.Renderer.At(ShaA, ReconcilerHarness.ConfigMap("a", "1"), ReconcilerHarness.ConfigMap("b", "2"), ReconcilerHarness.ConfigMap("c", "3"));

        await _h.ReconcileAsync();

        Assert.Equal(ConditionReasons.Succeeded, _h.Condition(ConditionTypes.Ready)!.Reason);
        var objectCalls = _h.Kube.Calls.Where(c => c.Kind == "ConfigMap" && c.Verb is not ("list" or "watch")).ToList();
        Assert.DoesNotContain(objectCalls, c => c.Verb == "get");
        Assert.Equal(["a", "b", "c"], objectCalls.Where(c => c is { Verb: "apply", DryRun: true }).Select(c => c.Name).Order());
        Assert.Equal(["a", "b", "c"], objectCalls.Where(c => c is { Verb: "apply", DryRun: false }).Select(c => c.Name).Order());
        Assert.Equal(6, objectCalls.Count);
        Assert.Single(_h.Kube.Calls, c => c is { Verb: "patch/status", Kind: "Application" });
        // A sync that ends at once is told by one Event, not a SyncStarted and a SyncSucceeded.
        Assert.Equal(["SyncSucceeded"], _h.Events().Select(e => e.Reason));
    }

    [Fact]
    public async Task Reconcile_NewCommitThatChangesNoInput_IsNotRenderedAgain_AndItsRevisionAdvances()
    {
        await SyncedAtAAsync();
        await _h.SettleAsync(_h.Kube.Find("v1", "ConfigMap", "shop", "settings")!);
        var applies = _h.Kube.Calls.Count(c => c.Verb == "apply");
        _h.Git.Point("main", ShaB);
        _h.Git.ChangedPaths[(ShaA, ShaB)] = ["other-team/cm.yaml", "README.md"];

        await _h.ReconcileAsync();

        Assert.Equal([ShaA], _h.Renderer.Rendered);
        var status = _h.Status();
        Assert.Equal((ShaB, ShaB, "Synced", ShaB), (status.LastAttemptedRevision, status.LastAppliedRevision, status.Sync!.Status, status.Sync.Revision));
        Assert.Equal(Conditions.True, _h.Condition(ConditionTypes.Ready)!.Status);
        Assert.Equal(applies, _h.Kube.Calls.Count(c => c.Verb == "apply"));
        Assert.Equal("one", _h.Kube.Find("v1", "ConfigMap", "shop", "settings")!.GetStringAt("data", "value"));
    }

    [Fact]
    public async Task Reconcile_NewCommitThatChangesAnInput_IsRenderedAndApplied()
    {
        await SyncedAtAAsync();
        _h.Git.Point("main", ShaB);
        _h.Git.ChangedPaths[(ShaA, ShaB)] = ["other-team/cm.yaml", "app/cm.yaml"];
        _h.Renderer.At(ShaB, ReconcilerHarness.ConfigMap("settings", "two"));

        await _h.ReconcileAsync();

        Assert.Equal([ShaA, ShaB], _h.Renderer.Rendered);
        Assert.Equal("two", _h.Kube.Find("v1", "ConfigMap", "shop", "settings")!.GetStringAt("data", "value"));
    }

    [Fact]
    public async Task Reconcile_NewCommitGitCannotCompare_IsRendered()
    {
        await SyncedAtAAsync();
        _h.Git.Point("main", ShaB);
        _h.Renderer.At(ShaB, ReconcilerHarness.ConfigMap("settings", "two"));

        await _h.ReconcileAsync();

        Assert.Equal([ShaA, ShaB], _h.Renderer.Rendered);
        Assert.Equal("two", _h.Kube.Find("v1", "ConfigMap", "shop", "settings")!.GetStringAt("data", "value"));
    }

    [Fact]
    public async Task Reconcile_UntrackedObjectAlreadyInTheCluster_IsAdoptedByTheApplyAndReportedConfigured()
    {
        var byHand = ReconcilerHarness.ConfigMap("settings", "by hand");
        byHand["metadata"]!["managedFields"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["manager"] = "kubectl-create", ["operation"] = "Update" });
        _h.Kube.Put(byHand);

        await _h.ReconcileAsync();

        var live = _h.Kube.Find("v1", "ConfigMap", "shop", "settings")!;
        Assert.Equal("one", live.GetStringAt("data", "value"));
        Assert.True(Tracking.IsOwnedBy(live, new AppIdentity("shop", "web")));
        Assert.Equal("Configured", Assert.Single(_h.Status().OperationState!.Resources!).Result);
    }

    [Fact]
    public async Task Reconcile_DryRunRejectsOneObject_NothingIsApplied()
    {
        _h.Renderer.At(ShaA, ReconcilerHarness.ConfigMap("a", "1"), ReconcilerHarness.ConfigMap("b", "2"));
        _h.Kube.Fail(call => call is { Verb: "apply", Name: "b", DryRun: true } ? new KubernetesInvalidException("Invalid", "ConfigMap \"b\" is invalid", [new("data", "bad", "FieldValueInvalid")]) : null);

        await _h.ReconcileAsync();

        Assert.Equal(ConditionReasons.DryRunFailed, _h.Condition(ConditionTypes.Ready)!.Reason);
        Assert.DoesNotContain(_h.Kube.Calls, c => c is { Verb: "apply", DryRun: false });
        Assert.Equal(OperationPhases.Failed, _h.Status().OperationState!.Phase);
    }

    [Fact]
    public async Task Reconcile_ApplyFailsMidway_StopsThereAndPrunesNothing()
    {
        _h.Renderer.At(ShaA, ReconcilerHarness.ConfigMap("a", "1"), ReconcilerHarness.ConfigMap("old", "x"));
        await SyncedAtAAsync();
        _h.Git.Point("main", ShaB);
        _h.Renderer.At(ShaB, ReconcilerHarness.ConfigMap("a", "changed"), ReconcilerHarness.ConfigMap("c", "3"));
        _h.Kube.Fail(call => call is { Verb: "apply", Name: "a", DryRun: false } ? new KubernetesServerBusyException(500, "InternalError", "etcdserver: request timed out", []) : null);

        await _h.ReconcileAsync();

        Assert.Equal(ConditionReasons.ApplyFailed, _h.Condition(ConditionTypes.Ready)!.Reason);
        Assert.NotNull(_h.Kube.Find("v1", "ConfigMap", "shop", "old"));
        Assert.Equal((ShaB, ShaA), (_h.Status().LastAttemptedRevision, _h.Status().LastAppliedRevision));
        Assert.Equal(OperationPhases.Error, _h.Status().OperationState!.Phase);
    }

    [Fact]
    public async Task Reconcile_ObjectTrackedByAnotherApplication_IsNotTakenOver()
    {
        _h.Kube.Put(Tracking.Stamp(ReconcilerHarness.ConfigMap("settings", "theirs"), new AppIdentity("team-b", "other")));

        await _h.ReconcileAsync();

        var ready = _h.Condition(ConditionTypes.Ready)!;
        Assert.Equal(ConditionReasons.OwnedByAnotherApplication, ready.Reason);
        Assert.Contains("Application team-b/other", ready.Message, StringComparison.Ordinal);
        Assert.Equal("theirs", _h.Kube.Find("v1", "ConfigMap", "shop", "settings")!.GetStringAt("data", "value"));
        Assert.DoesNotContain(_h.Kube.Calls, c => c.Verb == "apply");
    }

    [Fact]
    public async Task Reconcile_RevisionNotFound_StallsWithoutTouchingTheCluster()
    {
        await SyncedAtAAsync();
        _h.CreateApplication(branch: "release-9");
        var callsBefore = _h.Kube.Calls.Count(c => c.Verb is "apply" or "delete");

        await _h.ReconcileAsync(ReconcileTriggers.ApplicationChanged);

        Assert.Equal((Conditions.True, ConditionReasons.RevisionNotFound), (_h.Condition(ConditionTypes.Stalled)!.Status, _h.Condition(ConditionTypes.Stalled)!.Reason));
        Assert.Equal(ConditionReasons.RevisionNotFound, _h.Condition(ConditionTypes.Synced)!.Reason);
        Assert.Equal(callsBefore, _h.Kube.Calls.Count(c => c.Verb is "apply" or "delete"));
    }

    [Fact]
    public async Task Reconcile_RetryLimitReached_StallsAndSaysSo()
    {
        _h.CreateApplication(edit: app => app["spec"]!["syncPolicy"]!["retry"] = new System.Text.Json.Nodes.JsonObject { ["limit"] = 2 });
        _h.Git.Failure = new GitSourceException(GitFailureReason.Unreachable, "git ls-remote for https://git.example.test/shop/config.git failed (Unreachable): connection refused");

        for (var i = 0; i < 3; i++)
        {
            await _h.ReconcileAsync();
        }

        var stalled = _h.Condition(ConditionTypes.Stalled)!;
        Assert.Equal(ConditionReasons.GitUnavailable, stalled.Reason);
        Assert.StartsWith("gave up after 2 retries: ", stalled.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_RetryingFailure_BacksOffExponentially()
    {
        _h.Git.Failure = new GitSourceException(GitFailureReason.Timeout, "git ls-remote did not finish within 60s and was stopped.");

        var delays = new List<TimeSpan?>();
        for (var i = 0; i < 3; i++)
        {
            delays.Add((await _h.ReconcileAsync()).RequeueAfter);
        }

        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)], delays);
    }

    [Fact]
    public async Task Reconcile_UnexpectedException_IsInternalErrorWithItsMessage()
    {
        _h.Renderer.FailAt(ShaA, new InvalidOperationException("Operation is not valid due to the current state of the object."));

        await _h.ReconcileAsync();

        var ready = _h.Condition(ConditionTypes.Ready)!;
        Assert.Equal(ConditionReasons.InternalError, ready.Reason);
        Assert.Equal("InvalidOperationException: Operation is not valid due to the current state of the object.", ready.Message);
        Assert.DoesNotContain(" at ", ready.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_WriterKeepsRevertingUs_SelfHealWaitsAndSaysWho()
    {
        await SyncedAtAAsync();
        await RevertAsync();
        await _h.ReconcileAsync(ReconcileTriggers.ObjectChanged);
        _h.Time.Advance(TimeSpan.FromSeconds(6));
        await RevertAsync();
        await _h.ReconcileAsync(ReconcileTriggers.ObjectChanged);
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        await RevertAsync();

        // Two heals: the third waits 5s * 2 = 10s after the second, of which 1s has passed.
        var result = await _h.ReconcileAsync(ReconcileTriggers.ObjectChanged);

        var reconciling = _h.Condition(ConditionTypes.Reconciling)!;
        Assert.Equal(ConditionReasons.SelfHealBackoff, reconciling.Reason);
        Assert.Contains("kubectl-edit", reconciling.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(9), result.RequeueAfter);
        Assert.Equal("reverted", _h.Kube.Find("v1", "ConfigMap", "shop", "settings")!.GetStringAt("data", "value"));
        Assert.False(result.Failed);
        Assert.Single(_h.Status().History!);

        async Task RevertAsync()
        {
            var live = _h.Kube.Find("v1", "ConfigMap", "shop", "settings")!;
            live["data"]!["value"] = "reverted";
            live["metadata"]!["managedFields"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject
            {
                ["manager"] = "kubectl-edit",
                ["operation"] = "Update",
                ["fieldsV1"] = new System.Text.Json.Nodes.JsonObject { ["f:data"] = new System.Text.Json.Nodes.JsonObject { ["f:value"] = new System.Text.Json.Nodes.JsonObject() } },
            });
            await _h.SettleAsync(_h.Kube.Put(live));
        }
    }

    [Fact]
    public async Task Reconcile_InvalidSpec_StallsNamingTheField()
    {
        _h.CreateApplication(edit: app => app["spec"]!["source"]!["credentialsSecretRef"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "git", ["namespace"] = "kube-system" });

        await _h.ReconcileAsync();

        Assert.Equal(ConditionReasons.InvalidSpec, _h.Condition(ConditionTypes.Stalled)!.Reason);
        Assert.Contains("not \"kube-system\"", _h.Condition(ConditionTypes.Ready)!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_h.Kube.Calls, c => c.Kind == "Secret");
    }

    [Fact]
    public async Task Reconcile_CredentialsSecretMissing_IsCredentialsNotFound()
    {
        _h.CreateApplication(edit: app => app["spec"]!["source"]!["credentialsSecretRef"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "git" });

        await _h.ReconcileAsync();

        Assert.Equal(ConditionReasons.CredentialsNotFound, _h.Condition(ConditionTypes.Ready)!.Reason);
    }

    [Fact]
    public async Task Reconcile_KindTheClusterDoesNotServe_SyncedIsNotTrue()
    {
        await SyncedAtAAsync();
        _h.Git.Point("main", ShaB);
        _h.Renderer.At(ShaB, new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "example.com/v1",
            ["kind"] = "Widget",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "w", ["namespace"] = "shop" },
        });

        await _h.ReconcileAsync();

        Assert.Equal(ConditionReasons.KindNotFound, _h.Condition(ConditionTypes.Ready)!.Reason);
        Assert.NotEqual(Conditions.True, _h.Condition(ConditionTypes.Synced)!.Status);
        Assert.Equal(ShaA, _h.Status().LastAppliedRevision);
    }

    [Fact]
    public async Task Reconcile_RefreshRequest_IsRecordedAsHandled()
    {
        _h.CreateApplication(edit: app => app["metadata"]!["annotations"] = new System.Text.Json.Nodes.JsonObject { ["gitopsagent.io/refresh"] = "2026-01-01T00:00:00Z" });

        await _h.ReconcileAsync(ReconcileTriggers.ApplicationChanged);

        Assert.Equal("2026-01-01T00:00:00Z", _h.Status().LastHandledReconcileAt);
        Assert.Null(_h.Application()!.GetStringAt("metadata", "annotations", "gitopsagent.io/refresh"));
    }

    [Fact]
    public async Task Reconcile_LongSync_WritesItsProgressWhileItRuns()
    {
        var objects = Enumerable.Range(0, 12).Select(i => ReconcilerHarness.ConfigMap($"cm-{i}", "v")).ToArray();
        _h.Renderer.At(ShaA, objects);
        var seen = new List<string>();
        _h.Kube.Fail(call =>
        {
            if (call is { Verb: "apply", DryRun: false })
            {
                // Each apply takes a second of the fake clock; what status says at that moment is what on-call would see.
                _h.Time.Advance(TimeSpan.FromSeconds(1));
                if (_h.Condition(ConditionTypes.Ready) is { Reason: ConditionReasons.Syncing } ready)
                {
                    seen.Add(ready.Message);
                }
            }

            return null;
        });

        await _h.ReconcileAsync();

        Assert.Contains(seen, m => m.StartsWith("syncing aaaaaaa: applied 5 of 12 object(s)", StringComparison.Ordinal));
        Assert.Contains(seen, m => m.StartsWith("syncing aaaaaaa: applied 10 of 12 object(s)", StringComparison.Ordinal));
        Assert.Equal(ConditionReasons.Succeeded, _h.Condition(ConditionTypes.Ready)!.Reason);
        Assert.Equal(OperationPhases.Succeeded, _h.Status().OperationState!.Phase);
    }

    [Fact]
    public async Task Reconcile_StatusCannotBeWritten_CountsTheErrorAndLeavesTheClusterAlone()
    {
        await SyncedAtAAsync();
        _h.Kube.Fail(call => call.Verb == "patch/status" ? new KubernetesServerBusyException(503, "ServiceUnavailable", "etcd unavailable", []) : null);
        _h.Git.Point("main", ShaB);
        _h.Renderer.FailAt(ShaB, new RenderException(RenderFailureReason.InvalidManifest, "app/cm.yaml:1:1: bad"));

        await _h.ReconcileAsync();

        Assert.Contains(_h.Errors.GetMeasurementSnapshot(), m => (string?)m.Tags["reason"] == ConditionReasons.ClusterUnavailable);
        Assert.Equal(ShaA, _h.Status().LastAttemptedRevision);
        Assert.DoesNotContain(_h.Events(), e => e.Reason == ConditionReasons.InvalidManifest);
    }
}
