using System.Text.Json.Nodes;
using GitOpsAgent.Cli;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Tests.Cli.Fixtures;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Tests.Cli;

/// <summary>`app diff` compares as the controller does: the Application's own source, stamp, ignore rules and tracked objects.</summary>
public sealed class AppDiffTests(CliControllerCluster cluster) : IClassFixture<CliControllerCluster>
{
    [Fact]
    public async Task Diff_SyncedApplication_ExitsZeroWithEveryObjectUnchanged()
    {
        var ns = await cluster.NewNamespaceAsync("insync");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "web", cluster.RepoUrl, "web"));
        await cluster.WaitReadyAsync(ns, "web");

        var run = await cluster.RunAsync("app", "diff", "web", "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal([$"unchanged ConfigMap {ns}/settings", $"unchanged Deployment.apps {ns}/web"], run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.StartsWith($"{ns}/web: main at {cluster.MainHead[..7]} (", run.Stderr);
        Assert.EndsWith(") against the cluster", run.Stderr.Trim());
    }

    [Fact]
    public async Task Diff_DriftTheControllerReports_IsTheSameObjectAndFieldWithExitOne()
    {
        var ns = await cluster.NewNamespaceAsync("drift");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "web", cluster.RepoUrl, "web"));
        await cluster.WaitReadyAsync(ns, "web");
        await cluster.Client.PatchAsync("v1", "ConfigMap", ns, "settings", JsonNode.Parse("""{"data":{"color":"purple"}}""")!, PatchType.Merge, default);
        await CliTestCluster.WaitUntilAsync(async () => (await cluster.GetApplicationAsync(ns, "web")).GetStringAt("status", "sync", "status") == "OutOfSync", "the controller to see the drift");

        var run = await cluster.RunAsync("app", "diff", "web", "-n", ns);
        var synced = (await cluster.GetApplicationAsync(ns, "web")).GetArrayAt("status", "conditions")!.OfType<JsonObject>().Single(c => c.GetStringAt("type") == "Synced");

        Assert.True(run.ExitCode == ExitCodes.Differences, run.ToString());
        var lines = run.Stdout.Split('\n');
        Assert.Contains($"modified ConfigMap {ns}/settings", lines);
        Assert.Contains(lines, l => l.StartsWith('-') && l.Contains("purple", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith('+') && l.Contains("blue", StringComparison.Ordinal));
        Assert.Contains($"unchanged Deployment.apps {ns}/web", lines);
        Assert.Contains($"ConfigMap {ns}/settings (Modified: data.color)", synced.GetStringAt("message"));
    }

    [Fact]
    public async Task Diff_PathWithClusterName_RendersWithTheIdentityTheControllerPodPublishes()
    {
        var ns = await cluster.NewNamespaceAsync("fleet");
        await cluster.Client.CreateAsync(JsonNode.Parse($$$"""
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "gitops-agent-0", "namespace": "{{{ns}}}", "labels": {"gitopsagent.io/version": "1.0.0"},
                          "annotations": {"gitopsagent.io/cluster-name": "web", "gitopsagent.io/cluster-labels": "{}"}},
             "spec": {"containers": [{"name": "controller", "image": "gitops-agent"}]}}
            """)!.AsObject(), default);
        var app = CliTestCluster.Application(ns, "fleet", cluster.RepoUrl, "${cluster.name}", automated: false);
        app["spec"]!["substitute"] = new JsonObject { ["unused"] = "x" };
        await cluster.CreateApplicationAsync(app);

        var run = await cluster.RunAsync("app", "diff", "fleet", "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.Differences, run.ToString());
        Assert.Contains($"create ConfigMap {ns}/settings", run.Stdout.Split('\n'));
    }

    [Fact]
    public async Task Diff_MissingSubstituteFromConfigMap_FailsNamingIt()
    {
        var ns = await cluster.NewNamespaceAsync("subst");
        var app = CliTestCluster.Application(ns, "web", cluster.RepoUrl, "web", automated: false);
        app["spec"]!["substituteFrom"] = new JsonArray(new JsonObject { ["kind"] = "ConfigMap", ["name"] = "not-there" });
        await cluster.CreateApplicationAsync(app);

        var run = await cluster.RunAsync("app", "diff", "web", "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains($"ConfigMap {ns}/not-there named by spec.substituteFrom does not exist", run.Stderr);
    }

    [Fact]
    public async Task Diff_IgnoredField_IsNotADifference_AsForTheController()
    {
        var ns = await cluster.NewNamespaceAsync("ignore");
        var app = CliTestCluster.Application(ns, "web", cluster.RepoUrl, "web");
        app["spec"]!["ignoreDifferences"] = JsonNode.Parse("""[{"kind":"ConfigMap","jsonPointers":["/data/color"]}]""");
        await cluster.CreateApplicationAsync(app);
        await cluster.WaitReadyAsync(ns, "web");
        await cluster.Client.PatchAsync("v1", "ConfigMap", ns, "settings", JsonNode.Parse("""{"data":{"color":"purple"}}""")!, PatchType.Merge, default);

        var run = await cluster.RunAsync("app", "diff", "web", "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains($"unchanged ConfigMap {ns}/settings", run.Stdout);
    }

    [Fact]
    public async Task Diff_OtherRevisionAsJson_NamesTheRevisionAndTheChangedField()
    {
        var ns = await cluster.NewNamespaceAsync("revision");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "web", cluster.RepoUrl, "web"));
        await cluster.WaitReadyAsync(ns, "web");

        var run = await cluster.RunAsync("app", "diff", "web", "-n", ns, "--revision", "green", "-o", "json");

        Assert.True(run.ExitCode == ExitCodes.Differences, run.ToString());
        var report = JsonNode.Parse(run.Stdout)!.AsObject();
        Assert.Equal(ns, report["application"]!["namespace"]!.GetValue<string>());
        Assert.Equal("web", report["application"]!["name"]!.GetValue<string>());
        Assert.Equal("green", report["targetRevision"]!.GetValue<string>());
        Assert.Equal(cluster.GreenHead, report["revision"]!.GetValue<string>());
        Assert.False(report["inSync"]!.GetValue<bool>());
        var settings = report["resources"]!.AsArray().OfType<JsonObject>().Single(r => r["name"]!.GetValue<string>() == "settings");
        Assert.Equal(("modified", "", "ConfigMap", ns), (settings["action"]!.GetValue<string>(), settings["group"]!.GetValue<string>(), settings["kind"]!.GetValue<string>(), settings["namespace"]!.GetValue<string>()));
        Assert.Equal(["data.color"], settings["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Contains("+  color: green", settings["diff"]!.GetValue<string>());
    }

    [Fact]
    public async Task Diff_TrackedObjectThatLeftGit_IsAPrune()
    {
        var ns = await cluster.NewNamespaceAsync("leftgit");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "web", cluster.RepoUrl, "web", automated: false));
        var leftover = Tracking.Stamp(ManifestReader.Read($"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: leftover, namespace: {ns}}}\ndata: {{a: b}}\n", "x").Single().Object, new AppIdentity(ns, "web"));
        await cluster.Client.ApplyAsync(leftover, new ApplyOptions("gitops-agent"), default);

        var run = await cluster.RunAsync("app", "diff", "web", "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.Differences, run.ToString());
        Assert.Contains($"prune ConfigMap {ns}/leftover", run.Stdout.Split('\n'));
        Assert.Contains($"create ConfigMap {ns}/settings", run.Stdout.Split('\n'));
    }

    [Fact]
    public async Task Diff_FileOfAnApplicationNotYetApplied_ListsItsObjectsAsCreates()
    {
        var ns = await cluster.NewNamespaceAsync("file");
        var file = Path.Combine(cluster.Directory, $"{ns}.yaml");
        var app = CliTestCluster.Application(ns, "planned", cluster.RepoUrl, "web");
        ((JsonObject)app["metadata"]!).Remove("namespace");
        await File.WriteAllTextAsync(file, YamlWriter.Write(app));

        var run = await cluster.RunAsync("app", "diff", "-f", file, "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.Differences, run.ToString());
        Assert.Equal([$"create ConfigMap {ns}/settings", $"create Deployment.apps {ns}/web"], run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("renderer: Foo", "spec.source.renderer \"Foo\" is not one of Auto, Plain, Kustomize, Helm")]
    [InlineData("path: ../outside", "../outside")]
    public async Task Diff_FileWithASpecTheControllerRefuses_ExitsTwoWithItsReason(string sourceField, string expected)
    {
        var ns = await cluster.NewNamespaceAsync("badfile");
        using var dir = new TempDirectory();
        var file = dir.Write("app.yaml", $$"""
            apiVersion: gitopsagent.io/v1alpha1
            kind: Application
            metadata: {name: bad, namespace: {{ns}}}
            spec:
              source:
                repoURL: {{cluster.RepoUrl}}
                {{sourceField}}
            """);

        var run = await cluster.RunAsync("app", "diff", "-f", file);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains(expected, run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public async Task Diff_NameAndFileTogether_IsAUsageError()
    {
        var run = await cluster.RunAsync("app", "diff", "web", "-f", "app.yaml");

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("give exactly one of NAME or -f FILE", run.Stderr);
    }
}
