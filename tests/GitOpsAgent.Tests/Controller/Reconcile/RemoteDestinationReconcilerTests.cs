using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Controller;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Tests.Controller.Fakes;

namespace GitOpsAgent.Tests.Controller.Reconcile;

/// <summary>An Application with spec.destination.kubeConfig: its objects go to the remote cluster, its status stays on the hub.</summary>
public sealed class RemoteDestinationReconcilerTests : IAsyncLifetime
{
    private const string ShaA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private ReconcilerHarness _h = null!;

    public ValueTask InitializeAsync()
    {
        _h = new ReconcilerHarness();
        _h.Git.Point("main", ShaA);
        _h.Renderer.At(ShaA, ReconcilerHarness.ConfigMap("settings", "one"));
        _h.CreateApplication(edit: TargetRemote());
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _h.DisposeAsync();

    private static Action<JsonObject> TargetRemote(string secret = "east", string? key = null) => app =>
        app["spec"]!["destination"]!["kubeConfig"] = new JsonObject
        {
            ["secretRef"] = key is null ? new JsonObject { ["name"] = secret } : new JsonObject { ["name"] = secret, ["key"] = key },
        };

    private void PutKubeconfigSecret(string name, string key, string kubeconfig) => _h.Kube.Put(new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "shop" },
        ["data"] = new JsonObject { [key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(kubeconfig)) },
    });

    [Fact]
    public async Task Reconcile_KubeconfigSecret_AppliesIntoTheRemoteCluster_AndWritesStatusOnTheHub()
    {
        PutKubeconfigSecret("east", "value", "kubeconfig of east");

        await _h.ReconcileAsync();

        Assert.Equal((Conditions.True, ConditionReasons.Succeeded), (_h.Condition(ConditionTypes.Ready)!.Status, _h.Condition(ConditionTypes.Ready)!.Reason));
        Assert.Equal("one", _h.Remote.Find("v1", "ConfigMap", "shop", "settings")?.GetStringAt("data", "value"));
        Assert.Null(_h.Kube.Find("v1", "ConfigMap", "shop", "settings"));
        Assert.Equal(["kubeconfig of east"], _h.RemoteConnections);
        Assert.DoesNotContain(_h.Remote.Calls, c => c.Kind == "Application" || c.Kind == "Event");
    }

    [Fact]
    public async Task Reconcile_CredentialsAndSubstituteFrom_AreReadOnTheHub_NeverInTheRemoteCluster()
    {
        PutKubeconfigSecret("east", "value", "kubeconfig of east");
        _h.Kube.Put(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = "git", ["namespace"] = "shop" },
            ["data"] = new JsonObject { ["token"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("t0ken")) },
        });
        _h.Kube.Put(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "vars", ["namespace"] = "shop" },
            ["data"] = new JsonObject { ["region"] = "eu" },
        });
        _h.CreateApplication(edit: app =>
        {
            TargetRemote()(app);
            app["spec"]!["source"]!["credentialsSecretRef"] = new JsonObject { ["name"] = "git" };
            app["spec"]!["substituteFrom"] = new JsonArray(new JsonObject { ["kind"] = "ConfigMap", ["name"] = "vars" });
        });

        await _h.ReconcileAsync();

        Assert.Equal((Conditions.True, ConditionReasons.Succeeded), (_h.Condition(ConditionTypes.Ready)!.Status, _h.Condition(ConditionTypes.Ready)!.Reason));
        Assert.Equal("eu", _h.Renderer.LastRequest?.Substitutions?.TryGet("region", out var region) == true ? region : null);
        Assert.DoesNotContain(_h.Remote.Calls, c => c.Kind is "Secret" or "ConfigMap" && c.Verb == "get");
    }

    [Fact]
    public async Task Reconcile_Again_ReusesTheConnection_AndAChangedSecretBuildsANewOneAndClosesTheOld()
    {
        PutKubeconfigSecret("east", "value", "kubeconfig of east");
        await _h.ReconcileAsync();
        await _h.ReconcileAsync();
        Assert.Single(_h.RemoteConnections);

        PutKubeconfigSecret("east", "value", "kubeconfig of east, token rotated");
        await _h.ReconcileAsync();

        Assert.Equal(["kubeconfig of east", "kubeconfig of east, token rotated"], _h.RemoteConnections);
        Assert.Equal(1, _h.RemoteDisposals);
        Assert.Equal(1, _h.Reconciler.Destinations.RemoteCount);
        Assert.Equal(Conditions.True, _h.Condition(ConditionTypes.Ready)!.Status);
    }

    [Fact]
    public async Task Reconcile_ObjectChangeOnly_ReusesTheConnectionWithoutReadingTheSecret_APollReadsIt()
    {
        PutKubeconfigSecret("east", "value", "kubeconfig of east");
        await _h.ReconcileAsync();
        int SecretReads() => _h.Kube.Calls.Count(c => c is { Verb: "get", Kind: "Secret", Name: "east" });
        var before = SecretReads();

        await _h.ReconcileAsync(ReconcileTriggers.ObjectChanged);
        Assert.Equal(before, SecretReads());

        await _h.ReconcileAsync(ReconcileTriggers.Poll);
        Assert.Equal(before + 1, SecretReads());
        Assert.Single(_h.RemoteConnections);
    }

    [Fact]
    public async Task Reconcile_DestinationBackToTheLocalCluster_ClosesTheRemoteConnection()
    {
        PutKubeconfigSecret("east", "value", "kubeconfig of east");
        await _h.ReconcileAsync();

        _h.CreateApplication(edit: app => app["spec"]!["destination"] = new JsonObject { ["namespace"] = "shop" });
        await _h.ReconcileAsync();

        Assert.Equal(1, _h.RemoteDisposals);
        Assert.Equal(0, _h.Reconciler.Destinations.RemoteCount);
        Assert.Equal("one", _h.Kube.Find("v1", "ConfigMap", "shop", "settings")?.GetStringAt("data", "value"));
    }

    [Fact]
    public async Task Reconcile_MissingSecret_IsCredentialsNotFoundNamingTheField_AndNothingIsApplied()
    {
        await _h.ReconcileAsync();

        var ready = _h.Condition(ConditionTypes.Ready)!;
        Assert.Equal((Conditions.False, ConditionReasons.CredentialsNotFound), (ready.Status, ready.Reason));
        Assert.Equal("Secret shop/east named by spec.destination.kubeConfig.secretRef does not exist", ready.Message);
        Assert.Empty(_h.RemoteConnections);
        Assert.Null(_h.Kube.Find("v1", "ConfigMap", "shop", "settings"));
    }

    [Fact]
    public async Task Reconcile_SecretWithoutTheKey_IsInvalidKubeConfigNamingTheKeys_NotTheirValues()
    {
        PutKubeconfigSecret("east", "config", "token: s3cr3t");
        _h.CreateApplication(edit: TargetRemote(key: "kubeconfig"));

        await _h.ReconcileAsync();

        var ready = _h.Condition(ConditionTypes.Ready)!;
        Assert.Equal((Conditions.False, ConditionReasons.InvalidKubeConfig), (ready.Status, ready.Reason));
        Assert.Equal("Secret shop/east has no key \"kubeconfig\" (spec.destination.kubeConfig.secretRef.key); its keys: config", ready.Message);
        Assert.DoesNotContain(_h.Status().Conditions!, c => c.Message.Contains("s3cr3t", StringComparison.Ordinal));
        Assert.Empty(_h.RemoteConnections);
    }

    [Fact]
    public async Task Reconcile_ServiceAccount_ReadsTheSecretAsItOnTheHub_AndActsAsItInTheRemoteCluster()
    {
        PutKubeconfigSecret("east", "value", "kubeconfig of east");
        _h.CreateApplication(edit: app =>
        {
            TargetRemote()(app);
            app["spec"]!["serviceAccountName"] = "deployer";
        });

        await _h.ReconcileAsync();

        const string User = "system:serviceaccount:shop:deployer";
        Assert.Contains(_h.Kube.Calls, c => c is { Verb: "get", Kind: "Secret", Name: "east", User: User });
        Assert.Contains(_h.Remote.Calls, c => c is { Verb: "apply", Kind: "ConfigMap", DryRun: false, User: User });
        Assert.DoesNotContain(_h.Remote.Calls, c => c is { Verb: "apply", User: null });
    }

    [Fact]
    public async Task Reconcile_RemoteWatchesFailingAndItsLastRequestFailed_IsClusterUnavailable_AndNothingIsPruned()
    {
        PutKubeconfigSecret("east", "value", "kubeconfig of east");
        await _h.ReconcileAsync();
        // Git now wants another object instead: without the check it would be applied and "settings" pruned on stale state.
        _h.Renderer.At(ShaA, ReconcilerHarness.ConfigMap("other", "two"));

        _h.Remote.Fail(call => call.Verb is "watch" or "list" ? new HttpRequestException("Connection refused (remote.test:443)") : null);
        _h.Remote.EndWatches(new HttpRequestException("Connection reset by peer"));
        await WaitUntilAsync(() => _h.Reconciler.Destinations.Remotes().Single().Cache.Failure is not null);
        var result = await _h.ReconcileAsync();

        var ready = _h.Condition(ConditionTypes.Ready)!;
        Assert.Equal((Conditions.False, ConditionReasons.ClusterUnavailable), (ready.Status, ready.Reason));
        Assert.StartsWith("cluster https://remote.test (kubeconfig in Secret shop/east key value) is unreachable, nothing is applied or pruned until it answers: watch of ConfigMap (v1): ", ready.Message, StringComparison.Ordinal);
        Assert.True(result.Failed);
        Assert.NotNull(_h.Remote.Find("v1", "ConfigMap", "shop", "settings"));
        Assert.DoesNotContain(_h.Remote.Calls, c => c.Verb is "delete" || (c.Verb == "apply" && c.Name == "other"));
    }

    [Fact]
    public async Task Reconcile_DeletedWithDeletePolicy_AfterItsSecret_DeletesItsObjectsInTheRemoteCluster()
    {
        PutKubeconfigSecret("east", "value", "kubeconfig of east");
        _h.CreateApplication(edit: app =>
        {
            TargetRemote()(app);
            app["spec"]!["deletionPolicy"] = "Delete";
        });
        await _h.ReconcileAsync();
        Assert.Contains(AppAnnotations.ResourcesFinalizer, _h.Application()!.GetArrayAt("metadata", "finalizers")!.Select(f => f!.GetValue<string>()));
        await WaitUntilAsync(() => _h.Reconciler.Destinations.Remotes().Single().Cache.Get("v1", "ConfigMap", "shop", "settings") is not null);

        // The namespace is being deleted: its Secret goes first, the Application waits for its finalizer.
        await _h.Kube.DeleteAsync("v1", "Secret", "shop", "east", new GitOpsAgent.Kubernetes.DeleteOptions(null), default);
        var app = _h.Application()!;
        app["metadata"]!["deletionTimestamp"] = "2026-01-01T00:05:00Z";
        _h.Kube.Put(app);
        await _h.ReconcileAsync();

        Assert.Contains(_h.Remote.Calls, c => c is { Verb: "delete", Kind: "ConfigMap", Name: "settings" });
        Assert.DoesNotContain(_h.Kube.Calls, c => c is { Verb: "delete", Kind: "ConfigMap" });
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
