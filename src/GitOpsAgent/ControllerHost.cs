using System.Net;
using GitOpsAgent.Controller;
using GitOpsAgent.Controller.Cache;
using GitOpsAgent.Controller.Leadership;
using GitOpsAgent.Controller.Policy;
using GitOpsAgent.Controller.Reconcile;
using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Notifications;
using GitOpsAgent.Observers;
using GitOpsAgent.Outbound;
using GitOpsAgent.Previews;
using GitOpsAgent.Rendering;
using GitOpsAgent.Telemetry;
using GitOpsAgent.Webhooks;

namespace GitOpsAgent;

/// <summary>Builds and runs the controller process: Kubernetes client, Git cache, renderer, controller, HTTP endpoints.</summary>
public static class ControllerHost
{
    public static async Task<int> RunAsync(ControllerOptions options, CancellationToken ct)
    {
        await using var app = Build(options);
        await app.RunAsync(ct);
        return 0;
    }

    /// <summary>The whole controller as a web application (tests start and stop it in-process).</summary>
    public static WebApplication Build(ControllerOptions options, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        LoggingSetup.Configure(builder.Logging, options.LogFormat, builder.Configuration);
        builder.Host.ConfigureHostOptions(o => o.ShutdownTimeout = options.ShutdownTimeout + TimeSpan.FromSeconds(5));
        var (httpHost, httpPort) = ParseAddress(options.HttpAddress, "--http-address");
        var probe = options.ProbeAddress is null ? ((IPAddress, int)?)null : ParseAddress(options.ProbeAddress, "--probe-address");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(httpHost, httpPort);
            if (probe is { } p)
            {
                kestrel.Listen(p.Item1, p.Item2);
            }
        });

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddGitOpsAgentTelemetry(new TelemetryOptions { OtlpEndpoint = options.OtlpEndpoint, ClusterName = options.ClusterName });
        services.AddSingleton(sp => new KubernetesRequestMetrics(sp.GetRequiredService<GitOpsAgentMetrics>()));
        services.AddSingleton(sp => new KubernetesCluster(
            KubernetesConfigLoader.Load(options.Kubeconfig, options.Context),
            new KubernetesClusterOptions { Qps = options.KubeQps, Burst = options.KubeBurst },
            sp.GetRequiredService<KubernetesRequestMetrics>(),
            sp.GetRequiredService<ILogger<KubernetesCluster>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IKubernetesApi>(sp => sp.GetRequiredService<KubernetesCluster>().Api);
        services.AddSingleton<IKubernetesIdentities>(sp => sp.GetRequiredService<KubernetesCluster>());
        services.AddSingleton<IGitRepositoryCache>(sp => new GitRepositoryCache(
            new GitRepositoryCacheOptions { CacheRoot = options.CacheDir, AllowedLocalRepositoryRoots = options.AllowLocalRepositories },
            sp.GetRequiredService<ILogger<GitRepositoryCache>>(),
            sp.GetRequiredService<TimeProvider>(),
            new GitRequestMetrics(sp.GetRequiredService<GitOpsAgentMetrics>())));
        services.AddSingleton<Rendering.Charts.IChartSource>(sp => new Rendering.Charts.ChartRepositoryCache(
            new Rendering.Charts.ChartSourceOptions { CacheRoot = Path.Combine(options.CacheDir, "charts") },
            sp.GetRequiredService<ILogger<Rendering.Charts.ChartRepositoryCache>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IManifestRenderer>(sp => new ManifestRenderer(
            new ManifestRendererOptions { CacheCapacity = options.RenderCacheSize },
            new RenderMetrics(sp.GetRequiredService<GitOpsAgentMetrics>()),
            sp.GetRequiredService<ILogger<ManifestRenderer>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Rendering.Charts.IChartSource>()));
        services.AddSingleton(sp => new ClusterCache(sp.GetRequiredService<IKubernetesApi>(), sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>())
        {
            SyncTimeout = options.WatchSyncTimeout,
        });
        services.AddSingleton<CustomResourceSchemas>();
        services.AddSingleton<AppPolicyCache>();
        services.AddSingleton<IAppPolicySource>(sp => sp.GetRequiredService<AppPolicyCache>());
        services.AddSingleton<EventRecorder>();
        services.AddSingleton(sp => Controller.Destinations.RemoteClusters.Factory(
            new KubernetesClusterOptions { Qps = options.KubeQps, Burst = options.KubeBurst },
            sp.GetRequiredService<KubernetesRequestMetrics>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            options.WatchSyncTimeout));
        services.AddSingleton<Reconciler>();
        services.AddSingleton(sp => options.LeaderElect ? CreateElector(sp, options) : null!);
        services.AddSingleton(sp => new ApplicationController(
            sp.GetRequiredService<IKubernetesApi>(),
            sp.GetRequiredService<Reconciler>(),
            sp.GetRequiredService<ClusterCache>(),
            sp.GetRequiredService<CustomResourceSchemas>(),
            sp.GetRequiredService<AppPolicyCache>(),
            sp.GetRequiredService<GitOpsAgentMetrics>(),
            options,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            options.LeaderElect ? sp.GetRequiredService<LeaderElector>() : null));
        services.AddHostedService(sp => sp.GetRequiredService<ApplicationController>());
        services.AddHostedService(sp => new PodVersionLabel(sp.GetRequiredService<IKubernetesApi>(), Environment.GetEnvironmentVariable("POD_NAME"),
            Environment.GetEnvironmentVariable("POD_NAMESPACE"), sp.GetRequiredService<ILogger<PodVersionLabel>>(), options.ClusterName, options.ClusterLabels));
        services.AddSingleton(new WebhookSecrets(options.WebhookGitHubSecret, options.WebhookGitLabSecret, options.WebhookGiteaSecret, options.WebhookBitbucketSecret, options.WebhookBitbucketServerSecret));
        services.AddSingleton(_ => new OutboundHttp(OutboundHttp.CreateClient()));
        services.AddSingleton(sp => PreviewForges.From(options, sp.GetRequiredService<OutboundHttp>()));
        services.AddSingleton<PreviewRunner>();
        services.AddSingleton<PullRequestPreviewService>();
        services.AddHostedService(sp => sp.GetRequiredService<PullRequestPreviewService>());
        services.AddSingleton<WebhookEndpoint>();
        services.AddSingleton<NotificationSender>();
        services.AddSingleton(sp =>
        {
            var controller = sp.GetRequiredService<ApplicationController>();
            return new NotificationController(
                sp.GetRequiredService<IKubernetesApi>(),
                new ApplicationOwnership(() => controller.IsLeading, controller.Owns),
                sp.GetRequiredService<NotificationSender>(),
                options,
                sp.GetRequiredService<GitOpsAgentMetrics>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>());
        });
        services.AddHostedService(sp => sp.GetRequiredService<NotificationController>());
        configureServices?.Invoke(services);

        var app = builder.Build();
        var controller = app.Services.GetRequiredService<ApplicationController>();
        app.MapProbes(() => true, controller.Readiness);
        app.MapGitOpsAgentMetrics();
        var webhook = app.MapPost("/api/webhook", (HttpRequest request, WebhookEndpoint endpoint, CancellationToken ct) => endpoint.HandleAsync(request, ct));
        if (probe is not null)
        {
            // With a probe address, webhooks (reachable from outside) stay on the HTTP address only.
            webhook.RequireHost($"*:{httpPort}");
        }

        return app;
    }

    private static LeaderElector CreateElector(IServiceProvider sp, ControllerOptions options)
    {
        var identity = options.Identity ?? Environment.GetEnvironmentVariable("POD_NAME") ?? $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..6]}";
        var ns = options.LeaseNamespace ?? Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "default";
        options.LeaseNamespace ??= ns;
        var lease = new LeaseLock(sp.GetRequiredService<IKubernetesApi>(), ns, options.EffectiveLeaseName, sp.GetRequiredService<TimeProvider>());
        return new LeaderElector(lease, options, identity, sp.GetRequiredService<GitOpsAgentMetrics>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LeaderElector>>());
    }

    /// <summary>"0.0.0.0:8080", "127.0.0.1:0", ":8080", "[::1]:8080".</summary>
    public static (IPAddress Host, int Port) ParseAddress(string address, string flag)
    {
        var colon = address.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(address.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new ArgumentException($"{flag}: \"{address}\" is not HOST:PORT");
        }

        var host = address[..colon].Trim('[', ']');
        var ip = host.Length == 0 ? IPAddress.Any : host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var parsed) ? parsed
            : throw new ArgumentException($"{flag}: \"{host}\" is not an IP address");
        return (ip, port);
    }
}
