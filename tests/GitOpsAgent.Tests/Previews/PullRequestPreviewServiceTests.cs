using System.Text.Json.Nodes;
using GitOpsAgent.Controller;
using GitOpsAgent.Controller.Cache;
using GitOpsAgent.Core.Previews;
using GitOpsAgent.Forges;
using GitOpsAgent.Git;
using GitOpsAgent.Outbound;
using GitOpsAgent.Previews;
using GitOpsAgent.Rendering;
using GitOpsAgent.Telemetry;
using GitOpsAgent.Tests.Controller.Fakes;
using GitOpsAgent.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOpsAgent.Tests.Previews;

/// <summary>
/// The webhook preview path without HTTP in front: a real git daemon repository with two Applications on it, the real
/// renderer, a fake Kubernetes API holding the Applications, and a fake GitHub (a recording receiver) that checks the
/// statuses and the one comment against https://docs.github.com/en/rest/commits/statuses and
/// https://docs.github.com/en/rest/issues/comments.
/// </summary>
public sealed class PullRequestPreviewServiceTests : IAsyncLifetime
{
    private const string Token = "ghp-preview-token";
    private readonly FakeKubernetesApi _kube = new();
    private readonly TempDirectory _cache = new("gitopsagent-preview-cache");
    private GitTestServer _git = null!;
    private GitTestRepository _repo = null!;
    private RecordingHttpServer _forgeServer = null!;
    private FakeForge _forge = null!;
    private GitRepositoryCache _gitCache = null!;
    private PullRequestPreviewService _service = null!;
    private ServiceProvider _services = null!;

    public async ValueTask InitializeAsync()
    {
        _git = await GitTestServer.StartAsync();
        _repo = await _git.CreateRepositoryAsync("config", new Dictionary<string, string>
        {
            ["apps/web/deploy.yaml"] = Deployment("nginx:1.26"),
            ["apps/api/cm.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api}\ndata: {a: b}\n",
        });
        _forgeServer = await RecordingHttpServer.StartAsync();
        _forge = new FakeForge(_forgeServer, gitLab: false, "/api/v3");
        foreach (var (name, path) in new[] { ("web", "apps/web"), ("api", "apps/api") })
        {
            _kube.Put(new JsonObject
            {
                ["apiVersion"] = "gitopsagent.io/v1alpha1",
                ["kind"] = "Application",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "shop" },
                ["spec"] = new JsonObject { ["source"] = new JsonObject { ["repoURL"] = _repo.Url, ["path"] = path }, ["destination"] = new JsonObject { ["namespace"] = "shop" } },
            });
        }

        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var options = new ControllerOptions
        {
            AllowLocalRepositories = [], PreviewGitHubToken = Token, PreviewGitHubUrl = _forgeServer.BaseUrl,
            ClusterName = "east", ClusterLabels = new Dictionary<string, string>(StringComparer.Ordinal) { ["region"] = "eu-west" },
        };
        _gitCache = new GitRepositoryCache(new GitRepositoryCacheOptions { CacheRoot = _cache.Path }, NullLogger<GitRepositoryCache>.Instance);
        var runner = new PreviewRunner(_gitCache, new ManifestRenderer(), NullLogger<PreviewRunner>.Instance);
        _service = new PullRequestPreviewService(
            runner, PreviewForges.From(options, new OutboundHttp(OutboundHttp.CreateClient())), _kube, new CustomResourceSchemas(_kube, TimeProvider.System), options,
            new GitOpsAgentMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), NullLogger<PullRequestPreviewService>.Instance);
        await _service.StartAsync(default);
    }

    public async ValueTask DisposeAsync()
    {
        await _service.StopAsync(default);
        _service.Dispose();
        _gitCache.Dispose();
        await _forgeServer.DisposeAsync();
        await _git.DisposeAsync();
        await _services.DisposeAsync();
        _cache.Dispose();
    }

    private static string Deployment(string image) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: "{{{image}}}"}]
        """;

    private PullRequestEvent PullRequest(string head) =>
        new(WebhookParser.GitHub, [_repo.Url], "acme/config", 42, head, "main", null, "https://forge.example/acme/config/pull/42");

    private async Task<(PullRequestEvent Pr, PreviewReport? Report)> PreviewAsync(string head)
    {
        var done = new TaskCompletionSource<(PullRequestEvent, PreviewReport?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnCompleted(PullRequestEvent pr, PreviewReport? report)
        {
            if (pr.HeadSha == head)
            {
                done.TrySetResult((pr, report));
            }
        }

        _service.Completed += OnCompleted;
        try
        {
            Assert.True(_service.Enqueue(PullRequest(head)));
            return await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            _service.Completed -= OnCompleted;
        }
    }

    private async Task<string> PushToBranchAsync(string branch, string image)
    {
        var existing = await _repo.GitAsync("branch", "--list", branch);
        await _repo.GitAsync(existing.Length > 0 ? ["checkout", "--quiet", branch] : ["checkout", "--quiet", "-b", branch]);
        _repo.WriteFile("apps/web/deploy.yaml", Deployment(image));
        var sha = await _repo.CommitAsync($"image {image}");
        await _repo.GitAsync("checkout", "--quiet", "main");
        return sha;
    }

    [Fact]
    public async Task Preview_PullRequestPush_PostsPendingThenSuccessOnTheHeadAndOneCommentWithThePreview()
    {
        var head = await PushToBranchAsync("feature", "nginx:1.27");

        var (_, report) = await PreviewAsync(head);

        Assert.Equal(1, report!.ExitCode);
        var statuses = _forgeServer.Requests.Where(r => r.Path == $"/api/v3/repos/acme/config/statuses/{head}").ToList();
        Assert.Equal(["pending", "success"], statuses.Select(s => s.Json!["state"]!.GetValue<string>()));
        Assert.All(statuses, s => Assert.Equal("gitops-agent/preview", s.Json!["context"]!.GetValue<string>()));
        Assert.All(statuses, s => Assert.Equal("Bearer " + Token, s.Header("Authorization")));
        Assert.Equal("1 of 2 Applications change", statuses[1].Json!["description"]!.GetValue<string>());
        Assert.StartsWith("https://forge.example/comments/", statuses[1].Json!["target_url"]!.GetValue<string>(), StringComparison.Ordinal);
        var comment = Assert.Single(_forge.Comments)["body"]!.GetValue<string>();
        Assert.StartsWith(PullRequestPreviewService.Marker + "\n### GitOpsAgent preview", comment, StringComparison.Ordinal);
        Assert.Contains("| `shop/web` | `apps/web` | 0 | 1 | 0 | 0 | changes |", comment, StringComparison.Ordinal);
        Assert.Contains("| `shop/api` | `apps/api` | - | - | - | - | inputs unchanged, not rendered |", comment, StringComparison.Ordinal);
        Assert.Contains("+          image: nginx:1.27", comment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_SecondPushToThePullRequest_UpdatesTheSameCommentAndMarksTheNewHead()
    {
        var first = await PushToBranchAsync("feature", "nginx:1.27");
        await PreviewAsync(first);
        var second = await PushToBranchAsync("feature", "nginx:1.28");

        await PreviewAsync(second);

        var comment = Assert.Single(_forge.Comments)["body"]!.GetValue<string>();
        Assert.Contains("+          image: nginx:1.28", comment, StringComparison.Ordinal);
        Assert.Single(_forgeServer.Requests, r => r.Method == "POST" && r.Path.EndsWith("/issues/42/comments", StringComparison.Ordinal));
        Assert.Single(_forgeServer.Requests, r => r.Method == "PATCH");
        Assert.Equal(2, _forgeServer.Requests.Count(r => r.Path.EndsWith("/statuses/" + second, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Preview_BrokenManifest_FailsTheStatusAndNamesFileAndLineInTheComment()
    {
        await _repo.GitAsync("checkout", "--quiet", "-b", "broken");
        _repo.WriteFile("apps/api/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api\ndata: {a: b}\n");
        var head = await _repo.CommitAsync("broken");
        await _repo.GitAsync("checkout", "--quiet", "main");

        var (_, report) = await PreviewAsync(head);

        Assert.Equal(2, report!.ExitCode);
        var final = _forgeServer.Requests.Last(r => r.Path.EndsWith("/statuses/" + head, StringComparison.Ordinal));
        Assert.Equal("failure", final.Json!["state"]!.GetValue<string>());
        Assert.Equal("1 of 2 Applications do not render", final.Json!["description"]!.GetValue<string>());
        Assert.Contains("apps/api/cm.yaml:3", Assert.Single(_forge.Comments)["body"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_ApplicationWithVariables_RendersWithTheControllersIdentityAndSubstitutions_MaskingSecretValues()
    {
        _kube.Put(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = "fleet-secrets", ["namespace"] = "shop" },
            ["data"] = new JsonObject { ["password"] = Convert.ToBase64String("hunter2"u8.ToArray()) },
        });
        _kube.Put((JsonObject)JsonNode.Parse($$$"""
            {"apiVersion": "gitopsagent.io/v1alpha1", "kind": "Application", "metadata": {"name": "fleet", "namespace": "shop"},
             "spec": {"source": {"repoURL": "{{{_repo.Url}}}", "path": "apps/${cluster.name}"}, "destination": {"namespace": "shop"},
                      "substitute": {"tier": "prod"}, "substituteFrom": [{"kind": "Secret", "name": "fleet-secrets"}]}}
            """)!);
        await _repo.GitAsync("checkout", "--quiet", "-b", "fleet");
        _repo.WriteFile("apps/east/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fleet}\ndata:\n  region: ${cluster.labels.region}\n  tier: ${tier}\n  password: ${password}\n");
        var head = await _repo.CommitAsync("east's ConfigMap");
        await _repo.GitAsync("checkout", "--quiet", "main");

        var (_, report) = await PreviewAsync(head);

        Assert.Equal(1, report!.ExitCode);
        var comment = Assert.Single(_forge.Comments)["body"]!.GetValue<string>();
        Assert.Contains("| `shop/fleet` | `apps/east` | 1 | 0 | 0 | 0 | changes |", comment, StringComparison.Ordinal);
        Assert.Contains("+  region: eu-west\n", comment, StringComparison.Ordinal);
        Assert.Contains("+  tier: prod\n", comment, StringComparison.Ordinal);
        Assert.Contains("+  password: (value of Secret shop/fleet-secrets key password)\n", comment, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", comment, StringComparison.Ordinal);
    }

    [Fact]
    public void Enqueue_ProviderWithoutAToken_IsRefused()
    {
        var pr = PullRequest(new string('a', 40)) with { Provider = WebhookParser.GitLab };

        Assert.False(_service.Enqueue(pr));
    }

    [Fact]
    public void Enqueue_RepositoryOnAnotherHostThanTheConfiguredForge_IsRefused()
    {
        var pr = PullRequest(new string('a', 40)) with { RepositoryUrls = ["https://github.com/acme/config.git"] };

        Assert.False(_service.Enqueue(pr));
    }
}
