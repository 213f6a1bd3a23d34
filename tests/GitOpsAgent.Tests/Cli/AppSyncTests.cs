using System.Text.Json.Nodes;
using GitOpsAgent.Cli;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Tests.Cli.Fixtures;

namespace GitOpsAgent.Tests.Cli;

/// <summary>`app sync`, `app refresh`, `app suspend`/`resume` and `app rollback` against the real controller.</summary>
public sealed class AppSyncTests(CliControllerCluster cluster) : IClassFixture<CliControllerCluster>
{
    [Fact]
    public async Task Sync_ManualApplicationWithWait_ExitsZeroOnceItsOwnRequestWasServedAndItIsReady()
    {
        var ns = await cluster.NewNamespaceAsync("sync");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "web", cluster.RepoUrl, "web", automated: false));
        await CliTestCluster.WaitUntilAsync(async () => (await cluster.GetApplicationAsync(ns, "web")).GetStringAt("status", "sync", "status") == "OutOfSync", "OutOfSync");

        var run = await cluster.RunAsync("app", "sync", "web", "-n", ns, "--wait", "--timeout", "60s");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var requested = System.Text.RegularExpressions.Regex.Match(run.Stderr, @"gitopsagent\.io/sync=(\S+)\)").Groups[1].Value;
        var app = await cluster.GetApplicationAsync(ns, "web");
        Assert.Equal(requested, app.GetStringAt("status", "lastHandledReconcileAt"));
        Assert.Equal("manual", app.GetArrayAt("status", "history")![^1]!.AsObject().GetStringAt("initiatedBy"));
        Assert.StartsWith($"{ns}/web: Ready: synced to {cluster.MainHead[..7]} and healthy", run.Stdout);
        Assert.NotNull(await cluster.Client.GetAsync("v1", "ConfigMap", ns, "settings", default));
    }

    [Fact]
    public async Task Sync_WithPrune_DeletesATrackedObjectThatLeftGit_WithoutPruneKeepsIt()
    {
        var ns = await cluster.NewNamespaceAsync("prune");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "web", cluster.RepoUrl, "web", automated: false));
        var leftover = Tracking.Stamp(ManifestReader.Read($"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: leftover, namespace: {ns}}}\ndata: {{a: b}}\n", "x").Single().Object, new AppIdentity(ns, "web"));
        await cluster.Client.ApplyAsync(leftover, new ApplyOptions("gitops-agent"), default);

        var plain = await cluster.RunAsync("app", "sync", "web", "-n", ns, "--wait", "--for", "Healthy", "--timeout", "60s");
        var kept = await cluster.Client.GetAsync("v1", "ConfigMap", ns, "leftover", default);
        var pruning = await cluster.RunAsync("app", "sync", "web", "-n", ns, "--prune", "--wait", "--timeout", "60s");

        Assert.True(plain.ExitCode == ExitCodes.Success, plain.ToString());
        Assert.NotNull(kept);
        Assert.True(pruning.ExitCode == ExitCodes.Success, pruning.ToString());
        Assert.Contains("gitopsagent.io/sync=prune@", pruning.Stderr);
        Assert.Null(await cluster.Client.GetAsync("v1", "ConfigMap", ns, "leftover", default));
    }

    [Fact]
    public async Task Refresh_WithWait_ExitsZeroOnceTheControllerRecordedTheRequest()
    {
        var ns = await cluster.NewNamespaceAsync("refresh");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "web", cluster.RepoUrl, "web"));
        await cluster.WaitReadyAsync(ns, "web");

        var run = await cluster.RunAsync("app", "refresh", "web", "-n", ns, "--wait", "--timeout", "60s");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var requested = System.Text.RegularExpressions.Regex.Match(run.Stderr, @"gitopsagent\.io/refresh=(\S+)\)").Groups[1].Value;
        Assert.Equal(requested, (await cluster.GetApplicationAsync(ns, "web")).GetStringAt("status", "lastHandledReconcileAt"));
        Assert.Equal($"{ns}/web: request handled", run.Stdout.Trim());
    }

    [Fact]
    public async Task SuspendThenResume_SetsSpecSuspend_AndASyncWhileSuspendedIsRefused()
    {
        var ns = await cluster.NewNamespaceAsync("suspend");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "web", cluster.RepoUrl, "web"));

        var suspend = await cluster.RunAsync("app", "suspend", "web", "-n", ns);
        var suspended = (await cluster.GetApplicationAsync(ns, "web")).GetBoolAt("spec", "suspend");
        var sync = await cluster.RunAsync("app", "sync", "web", "-n", ns);
        var resume = await cluster.RunAsync("app", "resume", "web", "-n", ns);

        Assert.True(suspend.ExitCode == ExitCodes.Success, suspend.ToString());
        Assert.True(suspended);
        Assert.True(sync.ExitCode == ExitCodes.Error, sync.ToString());
        Assert.Contains("is suspended", sync.Stderr);
        Assert.Contains("gitops-agent app resume web", sync.Stderr);
        Assert.True(resume.ExitCode == ExitCodes.Success, resume.ToString());
        Assert.False((await cluster.GetApplicationAsync(ns, "web")).GetBoolAt("spec", "suspend"));
        await cluster.WaitReadyAsync(ns, "web");
    }

    [Fact]
    public async Task Rollback_PinsAHistoryRevisionAndRemembersTheBranch_ResumeFollowsItAgain()
    {
        var ns = await cluster.NewNamespaceAsync("rollback");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "web", cluster.RepoUrl, "web", targetRevision: "green"));
        await cluster.WaitReadyAsync(ns, "web", cluster.GreenHead);
        await cluster.Client.PatchAsync("gitopsagent.io/v1alpha1", "Application", ns, "web", JsonNode.Parse("""{"spec":{"source":{"targetRevision":"main"}}}""")!, PatchType.Merge, default);
        await cluster.WaitReadyAsync(ns, "web", cluster.MainHead);

        var rollback = await cluster.RunAsync("app", "rollback", "web", "1", "-n", ns, "--wait", "--timeout", "60s");
        var pinned = await cluster.GetApplicationAsync(ns, "web");
        var colorWhilePinned = (await cluster.Client.GetAsync("v1", "ConfigMap", ns, "settings", default))!.GetStringAt("data", "color");
        var get = await cluster.RunAsync("app", "get", "web", "-n", ns);
        var resume = await cluster.RunAsync("app", "rollback", "web", "--resume", "-n", ns, "--wait", "--timeout", "60s");
        var resumed = await cluster.GetApplicationAsync(ns, "web");

        Assert.True(rollback.ExitCode == ExitCodes.Success, rollback.ToString());
        Assert.StartsWith($"{ns}/web pinned to {cluster.GreenHead[..7]} (\"paint it green\"), history 1; gitops-agent app rollback web --resume follows main again", rollback.Stdout);
        Assert.Equal(cluster.GreenHead, pinned.GetStringAt("spec", "source", "targetRevision"));
        Assert.Equal("main", pinned.GetAnnotation("gitopsagent.io/resume-target-revision"));
        Assert.Equal(cluster.GreenHead, pinned.GetStringAt("status", "lastAppliedRevision"));
        Assert.Equal("green", colorWhilePinned);
        Assert.Contains($"Rolled back:  pinned to {cluster.GreenHead[..7]}; gitops-agent app rollback web --resume follows main again", get.Stdout);
        Assert.True(resume.ExitCode == ExitCodes.Success, resume.ToString());
        Assert.Equal("main", resumed.GetStringAt("spec", "source", "targetRevision"));
        Assert.Null(resumed.GetAnnotation("gitopsagent.io/resume-target-revision"));
        Assert.Equal(cluster.MainHead, resumed.GetStringAt("status", "lastAppliedRevision"));
        Assert.Equal("blue", (await cluster.Client.GetAsync("v1", "ConfigMap", ns, "settings", default))!.GetStringAt("data", "color"));
    }
}
