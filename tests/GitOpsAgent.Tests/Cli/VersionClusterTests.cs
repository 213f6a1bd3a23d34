using System.Text.Json.Nodes;
using GitOpsAgent.Cli;
using GitOpsAgent.Controller;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Tests.Cli.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOpsAgent.Tests.Cli;

/// <summary>The running controller's version: the label it puts on its own pod, and `version --cluster` reading it.</summary>
public sealed class VersionClusterTests(CliTestCluster cluster) : IClassFixture<CliTestCluster>
{
    private async Task CreatePodAsync(string ns, string name)
    {
        var pod = ManifestReader.Read($$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: {{name}}, namespace: {{ns}}}
            spec:
              containers: [{name: controller, image: ghcr.io/gitops-agent/gitops-agent@sha256:{{new string('0', 64)}}}]
            """, "pod").Single().Object;
        await cluster.Client.CreateAsync(pod, default);
    }

    [Fact]
    public async Task PodVersionLabel_InAPod_LabelsItWithTheRunningVersion_AndVersionClusterListsItAsLeader()
    {
        var ns = await cluster.NewNamespaceAsync("controller");
        await CreatePodAsync(ns, "gitops-agent-0");
        await cluster.Client.CreateAsync(ManifestReader.Read($"apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata: {{name: gitops-agent, namespace: {ns}}}\nspec: {{holderIdentity: gitops-agent-0}}\n", "lease").Single().Object, default);
        using var label = new PodVersionLabel(cluster.Client, "gitops-agent-0", ns, NullLogger<PodVersionLabel>.Instance);

        await label.StartAsync(default);
        await label.ExecuteTask!;
        var text = await cluster.RunAsync("version", "--cluster", "-n", ns);
        var json = await cluster.RunAsync("version", "--cluster", "-n", ns, "-o", "json");

        var pod = await cluster.Client.GetAsync("v1", "Pod", ns, "gitops-agent-0", default);
        Assert.Equal(VersionCommand.Version, pod!.GetLabel("gitopsagent.io/version"));
        Assert.True(text.ExitCode == ExitCodes.Success, text.ToString());
        Assert.Equal($"client: gitops-agent {VersionCommand.Version}", text.Stdout.Split('\n')[0]);
        Assert.Equal(["NAMESPACE", "POD", "VERSION", "PHASE", "LEADER", "CLUSTER", "CLUSTER-LABELS"], text.Stdout.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal([ns, "gitops-agent-0", VersionCommand.Version], text.Stdout.Split('\n')[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..3]);
        Assert.Equal(["yes", "-", "-"], text.Stdout.Split('\n')[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^3..]);
        var controller = JsonNode.Parse(json.Stdout)!["controllers"]![0]!;
        Assert.Equal(VersionCommand.Version, JsonNode.Parse(json.Stdout)!["client"]!.GetValue<string>());
        Assert.Equal(("gitops-agent-0", VersionCommand.Version, true), (controller["pod"]!.GetValue<string>(), controller["version"]!.GetValue<string>(), controller["leader"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task PodVersionLabel_WithAClusterIdentity_PublishesIt_AndVersionClusterShowsIt()
    {
        var ns = await cluster.NewNamespaceAsync("identity");
        await CreatePodAsync(ns, "gitops-agent-0");
        using var label = new PodVersionLabel(
            cluster.Client, "gitops-agent-0", ns, NullLogger<PodVersionLabel>.Instance, "east", new Dictionary<string, string> { ["tier"] = "prod", ["region"] = "eu-west" });

        await label.StartAsync(default);
        await label.ExecuteTask!;
        var text = await cluster.RunAsync("version", "--cluster", "-n", ns);
        var json = await cluster.RunAsync("version", "--cluster", "-n", ns, "-o", "json");

        Assert.True(text.ExitCode == ExitCodes.Success, text.ToString());
        Assert.Equal(["east", "region=eu-west,tier=prod"], text.Stdout.Split('\n')[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^2..]);
        var identity = JsonNode.Parse(json.Stdout)!["controllers"]![0]!["cluster"]!;
        Assert.Equal("east", identity["name"]!.GetValue<string>());
        Assert.Equal("eu-west", identity["labels"]!["region"]!.GetValue<string>());
    }

    [Fact]
    public async Task VersionCluster_NoControllerRuns_ExitsOneSayingSo()
    {
        var ns = await cluster.NewNamespaceAsync("nocontroller");
        await CreatePodAsync(ns, "someone-else");

        var run = await cluster.RunAsync("version", "--cluster", "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.NotReady, run.ToString());
        Assert.Contains($"no running controller found in namespace {ns}", run.Stderr);
    }

    [Fact]
    public async Task PodVersionLabel_OutsideAPodOrWithoutItsPod_DoesNothingAndDoesNotThrow()
    {
        using var outside = new PodVersionLabel(cluster.Client, null, null, NullLogger<PodVersionLabel>.Instance);
        using var missing = new PodVersionLabel(cluster.Client, "no-such-pod", "default", NullLogger<PodVersionLabel>.Instance);

        await outside.StartAsync(default);
        await missing.StartAsync(default);
        await outside.ExecuteTask!;
        await missing.ExecuteTask!;

        Assert.True(outside.ExecuteTask!.IsCompletedSuccessfully && missing.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Theory]
    [InlineData("0.1.0", "0.1.0")]
    [InlineData("1.2.3-rc.1", "1.2.3-rc.1")]
    [InlineData("1.2.3 beta/2", "1.2.3-beta-2")]
    public void LabelValue_Version_IsAValidLabelValue(string version, string expected)
    {
        Assert.Equal(expected, PodVersionLabel.LabelValue(version));
    }
}
