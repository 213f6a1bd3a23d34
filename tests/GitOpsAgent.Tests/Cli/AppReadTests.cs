using System.Text.Json.Nodes;
using GitOpsAgent.Cli;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Tests.Cli.Fixtures;

namespace GitOpsAgent.Tests.Cli;

/// <summary>`app list`, `app get`, `app history` and `app wait` against what the real controller writes.</summary>
public sealed class AppReadTests(CliControllerCluster cluster) : IClassFixture<CliControllerCluster>
{
    [Fact]
    public async Task List_SyncedApplication_ShowsItReadyWithItsShortRevisionAndExitsZero()
    {
        var ns = await cluster.NewNamespaceAsync("list");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "web", cluster.RepoUrl, "web"));
        await cluster.WaitReadyAsync(ns, "web", cluster.MainHead);

        var run = await cluster.RunAsync("app", "list", "-n", ns);
        var wide = await cluster.RunAsync("app", "list", "-n", ns, "-o", "wide");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "READY", "SYNC", "HEALTH", "SUSPENDED", "REVISION", "AGE", "STATUS"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["web", "True", "Synced", "Healthy", "false", cluster.MainHead[..7]], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..6]);
        Assert.Contains($"synced to {cluster.MainHead[..7]} and healthy", lines[1]);
        Assert.True(wide.ExitCode == ExitCodes.Success, wide.ToString());
        Assert.Equal(["TARGET", "SOURCE", "PATH"], wide.Stdout.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^3..]);
        Assert.Equal(["main", cluster.RepoUrl, "web"], wide.Stdout.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^3..]);
    }

    [Fact]
    public async Task List_AllNamespacesJson_IsAListOfTheApplicationObjectsWithoutManagedFields()
    {
        var ns = await cluster.NewNamespaceAsync("listjson");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "web", cluster.RepoUrl, "web"));
        await cluster.WaitReadyAsync(ns, "web");

        var run = await cluster.RunAsync("app", "list", "-A", "-o", "json");

        var list = JsonNode.Parse(run.Stdout)!.AsObject();
        Assert.Equal(("v1", "List"), (list["apiVersion"]!.GetValue<string>(), list["kind"]!.GetValue<string>()));
        var item = list["items"]!.AsArray().OfType<JsonObject>().Single(i => i.GetNamespace() == ns);
        Assert.Equal("Application", item.GetKind());
        Assert.Equal(cluster.MainHead, item.GetStringAt("status", "lastAppliedRevision"));
        Assert.Equal(cluster.MainHead[..7], item.GetStringAt("status", "lastAppliedRevisionShort"));
        Assert.Null(item.GetAt("metadata", "managedFields"));
    }

    [Fact]
    public async Task List_AnApplicationNotReady_ExitsOne()
    {
        var ns = await cluster.NewNamespaceAsync("listbad");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "broken", cluster.RepoUrl, "no/such/path"));
        await CliTestCluster.WaitUntilAsync(async () => (await cluster.GetApplicationAsync(ns, "broken")).GetInt64At("status", "observedGeneration") is not null, "the first status");

        var run = await cluster.RunAsync("app", "list", "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.NotReady, run.ToString());
        Assert.Contains("broken", run.Stdout);
        Assert.Contains("False", run.Stdout);
    }

    [Fact]
    public async Task Get_SyncedApplication_DescribesSourceConditionsResourcesAndHistory()
    {
        var ns = await cluster.NewNamespaceAsync("get");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "web", cluster.RepoUrl, "web"));
        await cluster.WaitReadyAsync(ns, "web", cluster.MainHead);

        var run = await cluster.RunAsync("app", "get", "web", "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains($"Name:         {ns}/web", run.Stdout);
        Assert.Contains($"Source:       {cluster.RepoUrl} main, path web, renderer Auto", run.Stdout);
        Assert.Contains("Sync policy:  automated (prune), interval 2s", run.Stdout);
        Assert.Contains($"Revision:     applied {cluster.MainHead[..7]}", run.Stdout);
        Assert.Contains("Last error:   none", run.Stdout);
        Assert.Matches(@"\n  Ready +True +Succeeded ", run.Stdout);
        Assert.Matches($@"\n  Deployment.apps +{ns} +web +Synced +Healthy", run.Stdout);
        Assert.Matches($@"\n  1\* +\S+ +{cluster.MainHead[..7]} +auto ", run.Stdout);
    }

    [Fact]
    public async Task Get_FailingApplication_ShowsTheLastErrorAndExitsOne()
    {
        var ns = await cluster.NewNamespaceAsync("getbad");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "broken", cluster.RepoUrl, "web", targetRevision: "no-such-branch"));
        await CliTestCluster.WaitUntilAsync(async () => (await cluster.GetApplicationAsync(ns, "broken")).GetInt64At("status", "observedGeneration") is not null, "the first status");

        var run = await cluster.RunAsync("app", "get", "broken", "-n", ns);
        var json = await cluster.RunAsync("app", "get", "broken", "-n", ns, "-o", "json");

        Assert.True(run.ExitCode == ExitCodes.NotReady, run.ToString());
        Assert.Contains("Last error:   RevisionNotFound: ", run.Stdout);
        Assert.Equal(ExitCodes.NotReady, json.ExitCode);
        Assert.Equal("broken", JsonNode.Parse(json.Stdout)!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_MissingApplication_ExitsTwoNamingIt()
    {
        var run = await cluster.RunAsync("app", "get", "nobody", "-n", "default");

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Equal("error: Application default/nobody not found (gitops-agent app list -A shows them all)", run.Stderr.Trim());
    }

    [Fact]
    public async Task History_AfterTwoRevisions_ListsBothAndMarksTheOneRunning()
    {
        var ns = await cluster.NewNamespaceAsync("history");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "web", cluster.RepoUrl, "web"));
        await cluster.WaitReadyAsync(ns, "web", cluster.MainHead);
        await cluster.Client.PatchAsync("gitopsagent.io/v1alpha1", "Application", ns, "web", JsonNode.Parse("""{"spec":{"source":{"targetRevision":"green"}}}""")!, Kubernetes.PatchType.Merge, default);
        await cluster.WaitReadyAsync(ns, "web", cluster.GreenHead);

        var run = await cluster.RunAsync("app", "history", "web", "-n", ns);
        var json = await cluster.RunAsync("app", "history", "web", "-n", ns, "-o", "json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var rows = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["ID", "DEPLOYED", "REVISION", "BY", "AUTHOR", "SUBJECT"], rows[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("1 ", rows[1]);
        Assert.Contains(cluster.MainHead[..7], rows[1]);
        Assert.StartsWith("2*", rows[2]);
        Assert.Contains("paint it green", rows[2]);
        var history = JsonNode.Parse(json.Stdout)!["history"]!.AsArray();
        Assert.Equal([cluster.MainHead, cluster.GreenHead], history.Select(h => h!["revision"]!.GetValue<string>()));
        Assert.Equal(cluster.GreenHead, JsonNode.Parse(json.Stdout)!["lastAppliedRevision"]!.GetValue<string>());
    }

    [Fact]
    public async Task Wait_ForHealthy_ReturnsZeroOnceTheControllerSaysSo()
    {
        var ns = await cluster.NewNamespaceAsync("wait");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "web", cluster.RepoUrl, "web"));

        var run = await cluster.RunAsync("app", "wait", "web", "-n", ns, "--for", "Healthy", "--timeout", "60s");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.StartsWith($"{ns}/web: Healthy", run.Stdout);
    }
}
