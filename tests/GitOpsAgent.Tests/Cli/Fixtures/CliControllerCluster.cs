using GitOpsAgent.Controller;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Tests.Cli.Fixtures;

/// <summary>
/// <see cref="CliTestCluster"/> plus a git daemon serving one repository and the real controller (the host `run`
/// builds) reconciling every namespace, so the app verbs are tested against what the controller really writes.
/// The repository: web/ (a ConfigMap and a Deployment) on main, with a branch "green" that changes the ConfigMap,
/// kz/ (a kustomization adding a name prefix) and chart/ (a Helm chart).
/// </summary>
public sealed class CliControllerCluster : CliTestCluster
{
    private WebApplication? _controller;

    public GitTestServer Git { get; private set; } = null!;

    public GitTestRepository Repo { get; private set; } = null!;

    public string MainHead { get; private set; } = "";

    public string GreenHead { get; private set; } = "";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Git = await GitTestServer.StartAsync();
        Repo = await Git.CreateRepositoryAsync("apps", new Dictionary<string, string>
        {
            ["web/settings.yaml"] = Settings("blue"),
            ["web/web.yaml"] = Web,
            ["kz/kustomization.yaml"] = "namePrefix: kz-\nresources:\n  - settings.yaml\n",
            ["kz/settings.yaml"] = Settings("red"),
            ["chart/Chart.yaml"] = "apiVersion: v2\nname: chart\nversion: 0.1.0\n",
            ["chart/templates/settings.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\ndata:\n  color: yellow\n",
        });
        MainHead = await Repo.HeadAsync();
        await Repo.GitAsync("checkout", "-q", "-b", "green");
        Repo.WriteFile("web/settings.yaml", Settings("green"));
        GreenHead = await Repo.CommitAsync("paint it green");
        await Repo.GitAsync("checkout", "-q", "main");

        var options = new ControllerOptions
        {
            Kubeconfig = Kubeconfig,
            HttpAddress = "127.0.0.1:0",
            Interval = TimeSpan.FromSeconds(2),
            Workers = 4,
            LeaderElect = false,
            LogFormat = "text",
            ShutdownTimeout = TimeSpan.FromSeconds(5),
            SelfHealBackoff = TimeSpan.FromMilliseconds(200),
            CacheDir = Path.Combine(Directory, "controller-cache"),
        };
        _controller = ControllerHost.Build(options, services =>
            services.Configure<LoggerFilterOptions>(filter => filter.MinLevel = LogLevel.Warning));
        await _controller.StartAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        if (_controller is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _controller.StopAsync(timeout.Token);
            await _controller.DisposeAsync();
        }

        await Git.DisposeAsync();
        await base.DisposeAsync();
    }

    public string RepoUrl => Repo.Url;

    public static string Settings(string color) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          color: {color}
        """;

    public const string Web = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web}
        spec:
          replicas: 1
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: main
                  image: registry.k8s.io/pause:3.9
        """;

    /// <summary>Waits until the Application is Ready at <paramref name="revision"/> (any, when null).</summary>
    public Task WaitReadyAsync(string ns, string name, string? revision = null) => WaitUntilAsync(async () =>
    {
        var app = await GetApplicationAsync(ns, name);
        var ready = (app.GetArrayAt("status", "conditions") ?? []).OfType<System.Text.Json.Nodes.JsonObject>()
            .Any(c => c.GetStringAt("type") == "Ready" && c.GetStringAt("status") == "True");
        return ready && (revision is null || app.GetStringAt("status", "lastAppliedRevision") == revision);
    }, $"{ns}/{name} to be Ready" + (revision is null ? "" : $" at {revision}"));
}
