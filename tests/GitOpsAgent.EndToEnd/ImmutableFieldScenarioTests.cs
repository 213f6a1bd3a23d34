using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.EndToEnd;

/// <summary>A change the API server refuses as immutable, and Replace=true as the documented way out.</summary>
public sealed class ImmutableFieldScenarioTests(E2EFixture fx) : IClassFixture<E2EFixture>
{
    private KubernetesApi Kube => fx.Cluster.Client;

    [Fact]
    public async Task JobTemplateChange_IsImmutableFieldChanged_UntilReplaceTrueRecreatesIt()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-immutable");
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string> { ["app/job.yaml"] = Job("v1", replace: false) });
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        await Kube.CreateAsync(TestManifests.Application(ns, "app", repo.Url, "app"), default);
        await fx.WaitForSyncAsync(ns, "app", "Synced", await repo.HeadAsync());
        var firstUid = (await Kube.GetAsync("batch/v1", "Job", ns, "migrate", default))?.GetStringAt("metadata", "uid");
        Assert.NotNull(firstUid);

        repo.WriteFile("app/job.yaml", Job("v2", replace: false));
        await repo.CommitAsync("change the job's command");
        await fx.Cluster.WaitAsync(async () => AppStatus.HasCondition(await fx.GetApplicationAsync(ns, "app"), "Ready", "False", "ImmutableFieldChanged"),
            "Ready False with reason ImmutableFieldChanged");
        var ready = AppStatus.Condition(await fx.GetApplicationAsync(ns, "app"), "Ready")!;
        Assert.Contains("Replace=true", ready.GetStringAt("message"), StringComparison.Ordinal);
        Assert.Equal(firstUid, (await Kube.GetAsync("batch/v1", "Job", ns, "migrate", default))?.GetStringAt("metadata", "uid"));

        repo.WriteFile("app/job.yaml", Job("v2", replace: true));
        var replaced = await repo.CommitAsync("let the job be replaced");
        await fx.WaitForSyncAsync(ns, "app", "Synced", replaced);
        var job = await Kube.GetAsync("batch/v1", "Job", ns, "migrate", default);
        Assert.NotNull(job);
        Assert.NotEqual(firstUid, job!.GetStringAt("metadata", "uid"));
        Assert.Contains("v2", job.GetArrayAt("spec", "template", "spec", "containers")![0]!.ToJsonString(), StringComparison.Ordinal);
        Assert.True(AppStatus.HasCondition(await fx.GetApplicationAsync(ns, "app"), "Synced", "True"), await fx.DescribeAsync(ns, "app"));

        // Replaced once: later polls (every 2s) find it in sync and leave it alone.
        var secondUid = job.GetStringAt("metadata", "uid");
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal(secondUid, (await Kube.GetAsync("batch/v1", "Job", ns, "migrate", default))?.GetStringAt("metadata", "uid"));
        Assert.Equal("Synced", (await fx.GetApplicationAsync(ns, "app"))?.GetStringAt("status", "sync", "status"));
    }

    private static string Job(string version, bool replace) => $$"""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
        {{(replace ? "  annotations:\n    gitopsagent.io/sync-options: Replace=true\n" : "")}}spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: main
                  image: busybox:1.36
                  command: [sh, -c, "echo {{version}}"]
        """;
}
