using System.Text.Json.Nodes;
using GitOpsAgent.Tests.Cli.Fixtures;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Tests.Cli;

/// <summary>`kubectl get gapp` (the real kubectl): Ready, Sync, Health, Suspended, the short revision and the Ready message; -o wide adds target, source and path.</summary>
public sealed class KubectlViewTests(CliTestCluster cluster) : IClassFixture<CliTestCluster>
{
    [Fact]
    public async Task KubectlGet_Application_ShowsTheIssuesColumns_AndWideAddsTargetSourceAndPath()
    {
        if (Kubectl.FindOnPath() is null)
        {
            Assert.Skip("kubectl is not on PATH: the printer columns are checked with the real kubectl");
        }

        var ns = await cluster.NewNamespaceAsync("kubectl");
        var app = CliTestCluster.Application(ns, "web", "https://example.com/config.git", "apps/web");
        app["spec"]!["suspend"] = true;
        await cluster.CreateApplicationAsync(app);
        var sha = "0123456789abcdef0123456789abcdef01234567";
        await cluster.SetStatusAsync(ns, "web", JsonNode.Parse($$"""
            {"observedGeneration": 1, "lastAppliedRevision": "{{sha}}", "lastAppliedRevisionShort": "0123456", "lastAttemptedRevision": "{{sha}}",
             "sync": {"status": "OutOfSync"}, "health": {"status": "Healthy"},
             "conditions": [{"type": "Ready", "status": "False", "reason": "SyncPaused", "message": "1 object differs from 0123456 (suspended: no writes)"}]}
            """)!.AsObject());
        var kubectl = new Kubectl(cluster.Kubeconfig, Path.Combine(cluster.Directory, $"kubectl-cache-{ns}"));

        var table = await kubectl.SucceedAsync("get", "gapp", "-n", ns);
        var wide = await kubectl.SucceedAsync("get", "gapp", "-n", ns, "-o", "wide");

        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "READY", "SYNC", "HEALTH", "SUSPENDED", "REVISION", "AGE", "STATUS"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var row = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["web", "False", "OutOfSync", "Healthy", "true", "0123456"], row[..6]);
        Assert.Equal("1 object differs from 0123456 (suspended: no writes)", string.Join(' ', row[7..]));
        var wideLines = wide.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["TARGET", "ATTEMPTED", "SOURCE", "PATH"], wideLines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^4..]);
        Assert.Equal(["main", sha, "https://example.com/config.git", "apps/web"], wideLines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^4..]);
    }
}
