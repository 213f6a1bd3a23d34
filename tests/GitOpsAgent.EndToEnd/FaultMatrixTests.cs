using GitOpsAgent.TestSupport;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.TestApiServer.Diagnostics;

namespace GitOpsAgent.EndToEnd;

/// <summary>
/// The status never lies (issue 13): for each failure kind, a synced Application meets the failure and within 30 s
/// reads Ready=False with that reason, lastAttemptedRevision the revision it tried, lastAppliedRevision the old one,
/// a Warning Event and a counted error; `kubectl wait --for=condition=Ready` does not return; nothing is pruned
/// (each breaking commit also removes an object). After the fix every condition agrees again and Ready is True.
/// </summary>
public sealed class FaultMatrixTests(E2EFixture fx) : IClassFixture<E2EFixture>
{
    private const string App = "app";

    public static TheoryData<string> Cases() => [.. FaultCase.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Failure_ReachesConditionsEventsAndMetrics_AndTheFixClearsEveryTrace(string name)
    {
        var fault = FaultCase.All.Single(c => c.Name == name);
        Assert.SkipWhen(fault.NeedsFaultInjector && fx.Cluster.IsRealCluster, "injects faults through the in-process test API server, which a real cluster does not have");
        Assert.SkipWhen(fault.Layout == Layout.Helm && !ToolAvailable("helm"), "helm is not on the PATH (eng/install-helm.sh fetches it)");

        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-fault");
        var repo = await fx.Git.CreateRepositoryAsync(ns, FaultCase.InitialFiles(fault.Layout));
        var before = await repo.HeadAsync();
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns, o => o.WatchSyncTimeout = TimeSpan.FromSeconds(3));
        await fx.Cluster.Client.CreateAsync(TestManifests.Application(ns, App, repo.Url, FaultCase.PathOf(fault.Layout)), default);
        await WaitReadyAsync(ns, before);
        var context = new FaultContext(fx.Cluster, repo, ns);

        try
        {
            var attempted = await fault.Break(context) ?? before;

            await fx.Cluster.WaitAsync(async () => await fx.GetApplicationAsync(ns, App) is { } failing
                    && AppStatus.HasCondition(failing, "Ready", "False", fault.Reason) && failing.GetStringAt("status", "lastAttemptedRevision") == attempted,
                $"Ready=False {fault.Reason} at {attempted[..7]} ({name})", TimeSpan.FromSeconds(30));
            var app = (await fx.GetApplicationAsync(ns, App))!;
            Assert.Equal(attempted, app.GetStringAt("status", "lastAttemptedRevision"));
            Assert.Equal(before, app.GetStringAt("status", "lastAppliedRevision"));
            Assert.NotEqual("True", AppStatus.Condition(app, "Synced")?.GetStringAt("status"));
            await fx.Cluster.WaitAsync(async () => (await AppStatus.EventsAsync(fx.Cluster, ns, App)).Any(e => e.GetStringAt("type") == "Warning" && e.GetStringAt("reason") == fault.Reason),
                $"a Warning Event {fault.Reason}");
            Assert.Contains(Exposition(await controller.ScrapeAsync()), line =>
                line.StartsWith("gitopsagent_reconcile_errors_total{", StringComparison.Ordinal)
                && line.Contains($"namespace=\"{ns}\"", StringComparison.Ordinal)
                && line.Contains($"reason=\"{fault.Reason}\"", StringComparison.Ordinal));
            using var kubectlCache = new TempDirectory("gitops-e2e-kubectl");
            var (waitExit, _, waitError) = await new Kubectl(fx.Cluster.KubeconfigPath, kubectlCache.Path).RunAsync("wait", "--for=condition=Ready", "--timeout=5s", "-n", ns, $"applications.gitopsagent.io/{App}");
            Assert.NotEqual(0, waitExit);
            Assert.Contains("timed out", waitError, StringComparison.Ordinal);
            Assert.NotNull(await fx.Cluster.Client.GetAsync("v1", "ConfigMap", ns, "dropped", default));
            Assert.NotNull(await fx.Cluster.Client.GetAsync("v1", "ConfigMap", ns, "keep", default));
        }
        finally
        {
            fx.Cluster.Server?.Faults.Clear();
        }

        var fixedAt = await fault.Fix(context) ?? await repo.HeadAsync();
        await WaitReadyAsync(ns, fixedAt);
        var healed = (await fx.GetApplicationAsync(ns, App))!;
        var conditions = healed.GetArrayAt("status", "conditions")!.OfType<JsonObject>().ToList();
        Assert.Equal(["Ready", "Synced", "Healthy"], conditions.Select(c => c.GetStringAt("type")));
        Assert.All(conditions, c => Assert.Equal("True", c.GetStringAt("status")));
        Assert.Equal((fixedAt, fixedAt), (healed.GetStringAt("status", "lastAttemptedRevision"), healed.GetStringAt("status", "lastAppliedRevision")));
    }

    private Task WaitReadyAsync(string ns, string revision) =>
        fx.Cluster.WaitAsync(async () =>
        {
            var app = await fx.GetApplicationAsync(ns, App);
            return AppStatus.HasCondition(app, "Ready", "True") && app!.GetStringAt("status", "lastAppliedRevision") == revision;
        }, $"Application {ns}/{App} Ready at {revision[..7]}", TimeSpan.FromSeconds(30));

    private static List<string> Exposition(string text) => [.. text.Split('\n')];

    private static bool ToolAvailable(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, tool)));
}

public enum Layout
{
    Plain,
    Kustomize,
    Helm,
}

/// <summary>What a case can touch: the cluster (and its fault injector), the Git repository and the Application.</summary>
public sealed record FaultContext(ClusterTarget Cluster, GitTestRepository Repo, string Namespace)
{
    public FaultInjector Faults => Cluster.Server!.Faults;

    public Task PatchAppAsync(string json) =>
        Cluster.Client.PatchAsync("gitopsagent.io/v1alpha1", "Application", Namespace, "app", JsonNode.Parse(json)!, PatchType.Merge, default);

    /// <summary>Writes (null content deletes) files and commits; the new SHA.</summary>
    public async Task<string?> CommitAsync(string message, params (string Path, string? Content)[] changes)
    {
        foreach (var (path, content) in changes)
        {
            if (content is null)
            {
                Repo.DeleteFile(path);
            }
            else
            {
                Repo.WriteFile(path, content);
            }
        }

        return await Repo.CommitAsync(message);
    }
}

/// <summary>
/// One failure kind: how to cause it (returns the revision the controller will attempt, null for "the one it had"),
/// the reason it must produce, and how to fix it (returns the revision that ends Ready, null for the repository's head).
/// </summary>
public sealed record FaultCase(
    string Name,
    string Reason,
    Func<FaultContext, Task<string?>> Break,
    Func<FaultContext, Task<string?>> Fix,
    Layout Layout = Layout.Plain,
    bool NeedsFaultInjector = false)
{
    private static readonly string Keep = TestManifests.ConfigMap("keep", "1");

    public static string PathOf(Layout layout) => layout switch
    {
        Layout.Kustomize => "kapp",
        Layout.Helm => "chart",
        _ => "app",
    };

    public static Dictionary<string, string> InitialFiles(Layout layout) => layout switch
    {
        Layout.Kustomize => new()
        {
            ["kapp/kustomization.yaml"] = "resources: [keep.yaml, dropped.yaml]\n",
            ["kapp/keep.yaml"] = Keep,
            ["kapp/dropped.yaml"] = TestManifests.ConfigMap("dropped", "1"),
        },
        Layout.Helm => new()
        {
            ["chart/Chart.yaml"] = "apiVersion: v2\nname: fault\nversion: 0.1.0\n",
            ["chart/templates/keep.yaml"] = Keep,
            ["chart/templates/dropped.yaml"] = TestManifests.ConfigMap("dropped", "1"),
        },
        _ => new()
        {
            ["app/keep.yaml"] = Keep,
            ["app/dropped.yaml"] = TestManifests.ConfigMap("dropped", "1"),
        },
    };

    /// <summary>A breaking commit in the plain layout: writes <paramref name="file"/> and drops an object, so a careless controller would prune.</summary>
    private static Func<FaultContext, Task<string?>> BreakWith(string file, string content) =>
        c => c.CommitAsync("break", (file, content), ("app/dropped.yaml", null));

    /// <summary>The fix: the broken file back to good (or gone), the dropped object staying dropped (and now pruned).</summary>
    private static Func<FaultContext, Task<string?>> Restore(string file, string? content = null) =>
        c => c.CommitAsync("fix", (file, content));

    /// <summary>A ConfigMap with Replace=true: the sync reads it by name before replacing it, however the cache stands.</summary>
    private static string ReplacedConfigMap(string name) => $$"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{name}}
          annotations:
            gitopsagent.io/sync-options: Replace=true
        data:
          value: "1"
        """;

    private static Func<FaultContext, Task<string?>> ClearFaults => c =>
    {
        c.Faults.Clear();
        return c.CommitAsync("fix: drop the new object", ("app/fresh.yaml", null));
    };

    private static Func<FaultContext, Task<string?>> SpecChange(string breakPatch) => async c =>
    {
        await c.PatchAppAsync(breakPatch);
        return null;
    };

    public static IReadOnlyList<FaultCase> All { get; } =
    [
        new("yaml-unclosed-flow-sequence", "InvalidManifest",
            BreakWith("app/keep.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keep\ndata:\n  a: [1, 2\n  b: c\n"), Restore("app/keep.yaml", Keep)),
        new("yaml-scanner-error", "InvalidManifest",
            BreakWith("app/keep.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: keep\n"), Restore("app/keep.yaml", Keep)),
        new("yaml-duplicate-key", "InvalidManifest",
            BreakWith("app/keep.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keep\ndata:\n  value: a\n  value: b\n"), Restore("app/keep.yaml", Keep)),
        new("document-without-kind", "InvalidManifest",
            BreakWith("app/extra.yaml", "apiVersion: v1\nmetadata:\n  name: nameless-kind\n"), Restore("app/extra.yaml")),
        new("duplicate-object", "DuplicateResource",
            BreakWith("app/copy.yaml", Keep), Restore("app/copy.yaml")),
        new("kind-not-served", "KindNotFound",
            BreakWith("app/widget.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n"), Restore("app/widget.yaml")),
        new("kustomize-error", "KustomizeFailed",
            c => c.CommitAsync("break", ("kapp/kustomization.yaml", "resources: [keep.yaml, missing.yaml]\n")),
            c => c.CommitAsync("fix", ("kapp/kustomization.yaml", "resources: [keep.yaml]\n")),
            Layout.Kustomize),
        new("helm-error", "HelmFailed",
            c => c.CommitAsync("break", ("chart/templates/keep.yaml", "{{ .Values.missing.deeper }}\n"), ("chart/templates/dropped.yaml", null)),
            c => c.CommitAsync("fix", ("chart/templates/keep.yaml", Keep)),
            Layout.Helm),
        new("revision-not-found", "RevisionNotFound",
            SpecChange("""{"spec":{"source":{"targetRevision":"no-such-branch"}}}"""),
            async c =>
            {
                await c.PatchAppAsync("""{"spec":{"source":{"targetRevision":"main"}}}""");
                return null;
            }),
        new("git-server-unreachable", "GitUnavailable",
            SpecChange("""{"spec":{"source":{"repoURL":"git://127.0.0.1:1/nothing-listens-here"}}}"""),
            async c =>
            {
                await c.PatchAppAsync(new JsonObject { ["spec"] = new JsonObject { ["source"] = new JsonObject { ["repoURL"] = c.Repo.Url } } }.ToJsonString());
                return null;
            }),
        new("credentials-secret-missing", "CredentialsNotFound",
            SpecChange("""{"spec":{"source":{"credentialsSecretRef":{"name":"no-such-secret"}}}}"""),
            async c =>
            {
                await c.PatchAppAsync("""{"spec":{"source":{"credentialsSecretRef":null}}}""");
                return null;
            }),
        new("credentials-secret-forbidden", "Forbidden",
            async c =>
            {
                c.Faults.Add(new Fault { Verb = "get", Resource = "secrets", StatusCode = 403, Times = 10_000 });
                await c.PatchAppAsync("""{"spec":{"source":{"credentialsSecretRef":{"name":"git-creds"}}}}""");
                return null;
            },
            async c =>
            {
                c.Faults.Clear();
                await c.PatchAppAsync("""{"spec":{"source":{"credentialsSecretRef":null}}}""");
                return null;
            },
            NeedsFaultInjector: true),
        // Live state comes from the watch cache; an object that must be replaced is still read by name first.
        new("forbidden-reading-a-live-object", "Forbidden",
            c =>
            {
                c.Faults.Add(new Fault { Verb = "get", Resource = "configmaps", Path = "/fresh", StatusCode = 403, Times = 10_000 });
                return c.CommitAsync("add fresh", ("app/fresh.yaml", ReplacedConfigMap("fresh")), ("app/dropped.yaml", null));
            },
            ClearFaults, NeedsFaultInjector: true),
        new("forbidden-applying", "Forbidden",
            c =>
            {
                c.Faults.Add(new Fault { Verb = "apply", Resource = "configmaps", Path = "/fresh", StatusCode = 403, Times = 10_000 });
                return c.CommitAsync("add fresh", ("app/fresh.yaml", TestManifests.ConfigMap("fresh", "1")), ("app/dropped.yaml", null));
            },
            ClearFaults, NeedsFaultInjector: true),
        new("server-error-applying", "ApplyFailed",
            c =>
            {
                c.Faults.Add(new Fault { Verb = "apply", Resource = "configmaps", Path = "/fresh", StatusCode = 500, DryRun = false, Times = 10_000 });
                return c.CommitAsync("add fresh", ("app/fresh.yaml", TestManifests.ConfigMap("fresh", "1")), ("app/dropped.yaml", null));
            },
            ClearFaults, NeedsFaultInjector: true),
        new("field-manager-conflict", "FieldManagerConflict",
            async c =>
            {
                // Force off first, or a self-heal would take the field back before the conflict could show.
                await c.PatchAppAsync("""{"spec":{"syncPolicy":{"force":false}}}""");

                // Another team's manager owns data.value; with force off our apply may not take it.
                await c.Cluster.Client.ApplyAsync(new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "ConfigMap",
                    ["metadata"] = new JsonObject { ["name"] = "keep", ["namespace"] = c.Namespace },
                    ["data"] = new JsonObject { ["value"] = "theirs" },
                },
                    new ApplyOptions("other-team", Force: true), default);
                return await c.CommitAsync("change keep", ("app/keep.yaml", TestManifests.ConfigMap("keep", "2")), ("app/dropped.yaml", null));
            },
            async c =>
            {
                await c.PatchAppAsync("""{"spec":{"syncPolicy":{"force":true}}}""");
                return null;
            }),
        new("watch-cannot-list", "ClusterUnavailable",
            c =>
            {
                c.Faults.Add(new Fault { Verb = "list", Resource = "secrets", DropConnection = true, Times = 10_000 });
                return c.CommitAsync("add a secret", ("app/secret.yaml", $"apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  k: v\n"), ("app/dropped.yaml", null));
            },
            c =>
            {
                c.Faults.Clear();
                return Task.FromResult<string?>(null);
            },
            NeedsFaultInjector: true),
        new("dry-run-rejects-an-object", "DryRunFailed",
            BreakWith("app/bad.yaml", TestManifests.ConfigMap("Bad_Name", "1")), Restore("app/bad.yaml")),
    ];
}
