using System.Text.Json.Nodes;
using GitOpsAgent.Cli;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Tests.Cli.Fixtures;

namespace GitOpsAgent.Tests.Cli;

/// <summary>`trace KIND/NAME`: the Application (from the tracking annotation), the revision and the file in Git.</summary>
public sealed class TraceCommandTests(CliControllerCluster cluster) : IClassFixture<CliControllerCluster>
{
    [Theory]
    [InlineData("deployment/web")]
    [InlineData("Deployment.apps/web")]
    [InlineData("deployments/web")]
    public async Task Trace_DeployedObject_NamesItsApplicationRevisionAndFile(string target)
    {
        var ns = await cluster.NewNamespaceAsync("trace");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "web", cluster.RepoUrl, "web"));
        await cluster.WaitReadyAsync(ns, "web", cluster.MainHead);

        var run = await cluster.RunAsync("trace", target, "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains($"Object:      Deployment.apps {ns}/web\n", run.Stdout);
        Assert.Contains($"Application: {ns}/web\n", run.Stdout);
        Assert.Contains($"Source:      {cluster.RepoUrl} main, path web\n", run.Stdout);
        Assert.Contains($"Revision:    {cluster.MainHead}", run.Stdout);
        Assert.Contains("File:        web/web.yaml:1\n", run.Stdout);
        Assert.Contains("Status:      Synced, Healthy", run.Stdout);
    }

    [Fact]
    public async Task Trace_Json_HasTheObjectApplicationRevisionAndExactFile()
    {
        var ns = await cluster.NewNamespaceAsync("tracejson");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "web", cluster.RepoUrl, "web"));
        await cluster.WaitReadyAsync(ns, "web", cluster.MainHead);

        var run = await cluster.RunAsync("trace", "configmap/settings", "-n", ns, "-o", "json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var trace = JsonNode.Parse(run.Stdout)!.AsObject();
        Assert.Equal("ConfigMap", trace["object"]!["kind"]!.GetValue<string>());
        Assert.Equal($"{ns}/web", $"{trace["application"]!["namespace"]}/{trace["application"]!["name"]}");
        Assert.Equal(cluster.MainHead, trace["revision"]!.GetValue<string>());
        Assert.True(trace["exact"]!.GetValue<bool>());
        Assert.Equal("web/settings.yaml", trace["files"]![0]!["file"]!.GetValue<string>());
        Assert.Equal(1, trace["files"]![0]!["line"]!.GetValue<int>());
    }

    [Fact]
    public async Task Trace_KustomizedObject_ListsTheFileHoldingItAsACandidate()
    {
        var ns = await cluster.NewNamespaceAsync("tracekz");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "kz", cluster.RepoUrl, "kz"));
        await cluster.WaitReadyAsync(ns, "kz", cluster.MainHead);

        var run = await cluster.RunAsync("trace", "configmap/kz-settings", "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("File:        the renderer does not say; candidates: ", run.Stdout);
        Assert.Contains("kz/settings.yaml:1", run.Stdout);
        Assert.Contains("web/settings.yaml:1", run.Stdout);
    }

    [Fact]
    public async Task Trace_HelmRenderedObject_NamesTheTemplateInTheRepository()
    {
        if (TestSupport.ProcessRunner.Find("helm") is null)
        {
            Assert.Skip("helm is not on PATH (eng/install-helm.sh puts it in .tools/bin): the Helm renderer needs it");
        }

        var ns = await cluster.NewNamespaceAsync("tracehelm");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "shop", cluster.RepoUrl, "chart"));
        await cluster.WaitReadyAsync(ns, "shop", cluster.MainHead);

        var run = await cluster.RunAsync("trace", "configmap/shop-settings", "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("File:        chart/templates/settings.yaml\n", run.Stdout);
    }

    [Fact]
    public async Task Trace_ObjectNoApplicationManages_ExitsOne_EvenWithACopiedLabel()
    {
        var ns = await cluster.NewNamespaceAsync("tracenone");
        await cluster.Client.CreateAsync(ManifestReader.Read($"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: stray, namespace: {ns}, labels: {{gitopsagent.io/application: {ns}.web}}}}\n", "x").Single().Object, default);

        var run = await cluster.RunAsync("trace", "configmap/stray", "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.NotReady, run.ToString());
        Assert.Contains("is not managed by any Application", run.Stderr);
        Assert.Contains("a copied label is no claim", run.Stderr);
    }

    [Theory]
    [InlineData("configmap/absent", "ConfigMap", "not found")]
    [InlineData("widget/x", "widget", "the cluster serves no kind")]
    [InlineData("web", "web", "is not KIND/NAME")]
    public async Task Trace_BadTarget_ExitsTwoNamingIt(string target, string named, string reason)
    {
        var run = await cluster.RunAsync("trace", target, "-n", "default");

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains(named, run.Stderr);
        Assert.Contains(reason, run.Stderr);
    }

    [Fact]
    public async Task Trace_ObjectThatLeftGit_SaysSo()
    {
        var ns = await cluster.NewNamespaceAsync("traceleft");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, "web", cluster.RepoUrl, "web", automated: false));
        var leftover = Core.Sync.Tracking.Stamp(ManifestReader.Read($"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: leftover, namespace: {ns}}}\n", "x").Single().Object, new Core.Sync.AppIdentity(ns, "web"));
        await cluster.Client.ApplyAsync(leftover, new ApplyOptions("gitops-agent"), default);
        await cluster.RunAsync("app", "sync", "web", "-n", ns, "--wait", "--for", "Healthy", "--timeout", "60s");

        var run = await cluster.RunAsync("trace", "configmap/leftover", "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("File:        none: the object is no longer in Git", run.Stdout);
    }
}
