using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Cli;
using GitOpsAgent.EndToEnd.Infrastructure;
using GitOpsAgent.Previews;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.EndToEnd;

/// <summary>
/// Previews against a running controller: two synced Applications (web, api) on one repository served by git daemon.
/// A pull-request branch changes web's image and adds a ConfigMap: `gitops-agent preview --kubeconfig` and the
/// webhook path (a fake GitHub on 127.0.0.1, checked against https://docs.github.com/en/rest/commits/statuses and
/// https://docs.github.com/en/rest/issues/comments) both list exactly those changes for web and nothing for api.
/// </summary>
public sealed class PreviewScenarioTests(E2EFixture fx) : IClassFixture<E2EFixture>
{
    private const string WebhookSecret = "e2e-preview-webhook-secret";

    private static string Deployment(string image) => TestManifests.Deployment("web", 1, image);

    private async Task<(string Ns, GitTestRepository Repo)> SyncedApplicationsAsync(ControllerInstance controller, string ns)
    {
        var repo = await fx.Git.CreateRepositoryAsync(ns, new Dictionary<string, string>
        {
            ["apps/web/deploy.yaml"] = Deployment("registry.k8s.io/pause:3.9"),
            ["apps/api/cm.yaml"] = TestManifests.ConfigMap("api", "one"),
        });
        await fx.Cluster.Client.CreateAsync(TestManifests.Application(ns, "web", repo.Url, "apps/web"), default);
        await fx.Cluster.Client.CreateAsync(TestManifests.Application(ns, "api", repo.Url, "apps/api"), default);
        var head = await repo.HeadAsync();
        await fx.WaitForSyncAsync(ns, "web", "Synced", head);
        await fx.WaitForSyncAsync(ns, "api", "Synced", head);
        Assert.NotNull(controller);
        return (ns, repo);
    }

    private static async Task<string> PushFeatureAsync(GitTestRepository repo, string image, bool create = true)
    {
        await repo.GitAsync(create ? ["checkout", "--quiet", "-b", "feature"] : ["checkout", "--quiet", "feature"]);
        repo.WriteFile("apps/web/deploy.yaml", Deployment(image));
        repo.WriteFile("apps/web/extra.yaml", TestManifests.ConfigMap("extra", "new"));
        var sha = await repo.CommitAsync("new image and a ConfigMap");
        await repo.GitAsync("checkout", "--quiet", "main");
        return sha;
    }

    private static async Task<CliRun> PreviewAsync(ClusterTarget cluster, string ns, string repoUrl, params string[] extra)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CommandLine.InvokeAsync(["preview", "--repo", repoUrl, "--base", "main", "--head", "feature", "--kubeconfig", cluster.KubeconfigPath, "--namespace", ns, .. extra], stdout, stderr);
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Cli_PullRequestChangingOneImageAndAddingAnObject_ListsExactlyThoseChangesForThatApplication()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-preview");
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        var (_, repo) = await SyncedApplicationsAsync(controller, ns);
        await PushFeatureAsync(repo, "registry.k8s.io/pause:3.10");

        var run = await PreviewAsync(fx.Cluster, ns, repo.Url, "--format", "json");

        Assert.True(run.ExitCode == 1, run.ToString());
        var apps = JsonNode.Parse(run.Stdout)!["applications"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.Equal(["api", "web"], apps.Select(a => a["name"]!.GetValue<string>()));
        var api = apps[0];
        Assert.Equal("Unaffected", api["outcome"]!.GetValue<string>());
        var web = apps[1];
        Assert.Equal("Changed", web["outcome"]!.GetValue<string>());
        Assert.Equal(["extra"], Names(web["created"]));
        Assert.Equal(["web"], Names(web["modified"]));
        Assert.Equal(["spec.template.spec.containers[name=main].image"], Fields(web["modified"]));
        Assert.Empty(Names(web["pruned"]));

        // Three-way against the live objects, as the controller would apply the head: the same two changes.
        var live = web["live"]!;
        Assert.Equal(["extra"], Names(live["created"]));
        Assert.Equal(["spec.template.spec.containers[name=main].image"], Fields(live["modified"]));
        Assert.Empty(Names(live["pruned"]));
    }

    [Fact]
    public async Task Cli_PullRequestWithABrokenManifest_ExitsTwoNamingTheFileAndLine()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-preview-broken");
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns);
        var (_, repo) = await SyncedApplicationsAsync(controller, ns);
        await repo.GitAsync("checkout", "--quiet", "-b", "feature");
        repo.WriteFile("apps/api/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api\ndata: {value: [1, 2\n  other: x\n");
        await repo.CommitAsync("broken");
        await repo.GitAsync("checkout", "--quiet", "main");

        var run = await PreviewAsync(fx.Cluster, ns, repo.Url);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("| `" + ns + "/api` | `apps/api` | - | - | - | - | **render error** |", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("apps/api/cm.yaml:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("| `" + ns + "/web` | `apps/web` | - | - | - | - | inputs unchanged, not rendered |", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_PullRequestEvents_PostStatusesOnTheHeadAndUpdateOneComment()
    {
        var ns = await fx.Cluster.CreateNamespaceAsync("e2e-preview-hook");
        await using var forgeServer = await RecordingHttpServer.StartAsync();
        var forge = new FakeForge(forgeServer, gitLab: false, "/api/v3");
        await using var controller = await ControllerInstance.StartAsync(fx.Cluster, ns, o =>
        {
            o.WebhookGitHubSecret = WebhookSecret;
            o.PreviewGitHubToken = "e2e-preview-token";
            o.PreviewGitHubUrl = forgeServer.BaseUrl;
        });
        var (_, repo) = await SyncedApplicationsAsync(controller, ns);
        var first = await PushFeatureAsync(repo, "registry.k8s.io/pause:3.10");

        Assert.Equal(System.Net.HttpStatusCode.Accepted, await PostPullRequestAsync(controller, repo.Url, first, "opened"));
        var statuses = await forgeServer.WaitForAsync(r => r.Path == $"/api/v3/repos/acme/config/statuses/{first}", count: 2, TimeSpan.FromSeconds(60));

        Assert.Equal(["pending", "success"], statuses.Select(s => s.Json!["state"]!.GetValue<string>()));
        var comment = Assert.Single(forge.Comments)["body"]!.GetValue<string>();
        Assert.StartsWith(PullRequestPreviewService.Marker, comment, StringComparison.Ordinal);
        Assert.Contains($"| `{ns}/web` | `apps/web` | 1 | 1 | 0 | 0 | changes |", comment, StringComparison.Ordinal);
        Assert.Contains($"| `{ns}/api` | `apps/api` | - | - | - | - | inputs unchanged, not rendered |", comment, StringComparison.Ordinal);
        Assert.Contains($"- `ConfigMap {ns}/extra`", comment, StringComparison.Ordinal);

        var second = await PushFeatureAsync(repo, "registry.k8s.io/pause:3.11", create: false);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, await PostPullRequestAsync(controller, repo.Url, second, "synchronize"));
        await forgeServer.WaitForAsync(r => r.Path == $"/api/v3/repos/acme/config/statuses/{second}", count: 2, TimeSpan.FromSeconds(60));

        var updated = Assert.Single(forge.Comments)["body"]!.GetValue<string>();
        Assert.Contains("pause:3.11", updated, StringComparison.Ordinal);
        Assert.Single(forgeServer.Requests, r => r.Method == "PATCH");
        Assert.All(forgeServer.Requests, r => Assert.Equal("Bearer e2e-preview-token", r.Header("Authorization")));
    }

    private static async Task<System.Net.HttpStatusCode> PostPullRequestAsync(ControllerInstance controller, string repoUrl, string head, string action)
    {
        var payload = $$$"""
            {"action":"{{{action}}}","number":7,
             "pull_request":{"number":7,"html_url":"https://forge.example/acme/config/pull/7","head":{"ref":"feature","sha":"{{{head}}}"},"base":{"ref":"main"}},
             "repository":{"full_name":"acme/config","clone_url":"{{{repoUrl}}}","html_url":"{{{repoUrl}}}"}}
            """;
        using var http = new HttpClient { BaseAddress = controller.HttpAddress };
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        content.Headers.Add("X-GitHub-Event", "pull_request");
        content.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookSecret), Encoding.UTF8.GetBytes(payload))));
        return (await http.PostAsync("/api/webhook", content)).StatusCode;
    }

    private static List<string> Names(JsonNode? list) => list!.AsArray().Select(o => o!["name"]!.GetValue<string>()).ToList();

    private static List<string> Fields(JsonNode? list) => list!.AsArray().SelectMany(o => o!["fields"]!.AsArray().Select(f => f!.GetValue<string>())).ToList();

    private sealed record CliRun(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }
}
