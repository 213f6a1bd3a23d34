using System.Text.Json.Nodes;
using GitOpsAgent.Cli;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Tests.Cli.Fixtures;

namespace GitOpsAgent.Tests.Cli;

/// <summary>The app verbs where no controller answers, or where the test writes the status a controller would.</summary>
public sealed class AppWaitWithoutControllerTests(CliTestCluster cluster) : IClassFixture<CliTestCluster>
{
    private async Task<string> CreateAsync(string name, JsonObject? status = null)
    {
        var ns = await cluster.NewNamespaceAsync("nocontroller");
        await cluster.CreateApplicationAsync(CliTestCluster.Application(ns, name, "https://example.com/repo.git", "app"));
        if (status is not null)
        {
            await cluster.SetStatusAsync(ns, name, status);
        }

        return ns;
    }

    private static JsonObject Status(long observedGeneration, params (string Type, string Status, string Reason)[] conditions) => new()
    {
        ["observedGeneration"] = observedGeneration,
        ["conditions"] = new JsonArray(conditions.Select(c => (JsonNode)new JsonObject
        {
            ["type"] = c.Type, ["status"] = c.Status, ["reason"] = c.Reason, ["message"] = $"{c.Reason} message", ["observedGeneration"] = observedGeneration,
        }).ToArray()),
    };

    [Fact]
    public async Task Sync_NoControllerHandlesTheRequest_TimesOutWithExitOneSayingWhatItWaitedFor()
    {
        var ns = await CreateAsync("web");

        var run = await cluster.RunAsync("app", "sync", "web", "-n", ns, "--wait", "--timeout", "2s");

        Assert.True(run.ExitCode == ExitCodes.NotReady, run.ToString());
        Assert.Contains($"{ns}/web: timed out after 2s: waiting for the controller to handle the request ", run.Stderr);
        var app = await cluster.GetApplicationAsync(ns, "web");
        Assert.NotNull(app.GetAnnotation("gitopsagent.io/sync"));
    }

    [Fact]
    public async Task Wait_StalledApplication_ExitsOneAtOnceWithTheReason()
    {
        var ns = await CreateAsync("web", Status(1, ("Ready", "False", "InvalidPath"), ("Stalled", "True", "InvalidPath")));

        var started = DateTimeOffset.UtcNow;
        var run = await cluster.RunAsync("app", "wait", "web", "-n", ns, "--timeout", "60s");

        Assert.True(run.ExitCode == ExitCodes.NotReady, run.ToString());
        Assert.Contains($"{ns}/web: stalled (InvalidPath): InvalidPath message", run.Stderr);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(30), "a stall ends the wait at once");
    }

    [Fact]
    public async Task Wait_ReadyOfAnOlderGeneration_IsNoAnswer()
    {
        var ns = await CreateAsync("web", Status(1, ("Ready", "True", "Succeeded")));
        await cluster.Client.PatchAsync("gitopsagent.io/v1alpha1", "Application", ns, "web", JsonNode.Parse("""{"spec":{"source":{"path":"other"}}}""")!, Kubernetes.PatchType.Merge, default);

        var stale = await cluster.RunAsync("app", "wait", "web", "-n", ns, "--timeout", "1s");
        var get = await cluster.RunAsync("app", "get", "web", "-n", ns);
        await cluster.SetStatusAsync(ns, "web", Status(2, ("Ready", "True", "Succeeded")));
        var current = await cluster.RunAsync("app", "wait", "web", "-n", ns, "--timeout", "10s");

        Assert.True(stale.ExitCode == ExitCodes.NotReady, stale.ToString());
        Assert.Contains("waiting for the controller to reconcile generation 2", stale.Stderr);
        Assert.Equal(ExitCodes.NotReady, get.ExitCode);
        Assert.Contains("generation 2 is not reconciled yet (observed 1)", get.Stdout);
        Assert.True(current.ExitCode == ExitCodes.Success, current.ToString());
        Assert.Equal($"{ns}/web: Ready: Succeeded message", current.Stdout.Trim());
    }

    [Fact]
    public async Task Wait_ForSynced_IgnoresHealth()
    {
        var ns = await CreateAsync("web", Status(1, ("Ready", "False", "Degraded"), ("Synced", "True", "Synced"), ("Healthy", "False", "Degraded")));

        var synced = await cluster.RunAsync("app", "wait", "web", "-n", ns, "--for", "Synced", "--timeout", "5s");
        var ready = await cluster.RunAsync("app", "wait", "web", "-n", ns, "--for", "Ready", "--timeout", "1s");

        Assert.True(synced.ExitCode == ExitCodes.Success, synced.ToString());
        Assert.True(ready.ExitCode == ExitCodes.NotReady, ready.ToString());
        Assert.Contains("Ready=False (Degraded): Degraded message", ready.Stderr);
    }

    [Fact]
    public async Task Rollback_UnknownHistoryId_ExitsTwoListingTheIdsThereAre()
    {
        var ns = await CreateAsync("web", new JsonObject
        {
            ["history"] = JsonNode.Parse("""[{"id":4,"revision":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","deployedAt":"2026-01-01T00:00:00Z","initiatedBy":"auto"},{"id":5,"revision":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","deployedAt":"2026-01-02T00:00:00Z","initiatedBy":"auto"}]"""),
        });

        var run = await cluster.RunAsync("app", "rollback", "web", "9", "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Equal($"error: {ns}/web has no history entry 9 (it has 4, 5)", run.Stderr.Trim());
        Assert.Equal("main", (await cluster.GetApplicationAsync(ns, "web")).GetStringAt("spec", "source", "targetRevision"));
    }

    [Fact]
    public async Task Rollback_ResumeWithoutARollback_ExitsTwo()
    {
        var ns = await CreateAsync("web");

        var run = await cluster.RunAsync("app", "rollback", "web", "--resume", "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("is not rolled back", run.Stderr);
    }

    [Fact]
    public async Task Rollback_Twice_KeepsTheBranchToResumeTo()
    {
        var ns = await CreateAsync("web", new JsonObject
        {
            ["history"] = JsonNode.Parse("""[{"id":1,"revision":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","deployedAt":"2026-01-01T00:00:00Z","initiatedBy":"auto"},{"id":2,"revision":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","deployedAt":"2026-01-02T00:00:00Z","initiatedBy":"auto"}]"""),
        });

        var first = await cluster.RunAsync("app", "rollback", "web", "2", "-n", ns);
        var second = await cluster.RunAsync("app", "rollback", "web", "1", "-n", ns);
        var app = await cluster.GetApplicationAsync(ns, "web");

        Assert.True(first.ExitCode == ExitCodes.Success && second.ExitCode == ExitCodes.Success, first + "\n" + second);
        Assert.Equal(new string('a', 40), app.GetStringAt("spec", "source", "targetRevision"));
        Assert.Equal("main", app.GetAnnotation("gitopsagent.io/resume-target-revision"));
        Assert.NotNull(app.GetAnnotation("gitopsagent.io/sync"));
    }

    [Fact]
    public async Task GetAndList_TokenInTheRepositoryUrl_NeverReachesTheOutput()
    {
        var ns = await cluster.NewNamespaceAsync("token");
        var app = CliTestCluster.Application(ns, "web", "https://deploy:s3cr3t-t0ken@git.example.com/shop.git", "app");
        app["metadata"]!["annotations"] = new JsonObject { ["kubectl.kubernetes.io/last-applied-configuration"] = app.ToJsonString() };
        await cluster.CreateApplicationAsync(app);

        var runs = new[]
        {
            await cluster.RunAsync("app", "get", "web", "-n", ns),
            await cluster.RunAsync("app", "get", "web", "-n", ns, "-o", "json"),
            await cluster.RunAsync("app", "list", "-n", ns, "-o", "wide"),
            await cluster.RunAsync("app", "list", "-n", ns, "-o", "yaml"),
        };

        foreach (var run in runs)
        {
            Assert.DoesNotContain("s3cr3t-t0ken", run.Stdout + run.Stderr);
        }

        Assert.Contains("https://git.example.com/shop.git", runs[1].Stdout);
    }

    [Fact]
    public async Task List_NoApplications_SaysSoAndExitsZero()
    {
        var ns = await cluster.NewNamespaceAsync("empty");

        var run = await cluster.RunAsync("app", "list", "-n", ns);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal($"No Applications found in namespace {ns}.", run.Stderr.Trim());
    }
}
