using GitOpsAgent.Controller;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.EndToEnd.Infrastructure;

/// <summary>The real controller in-process (like <see cref="ControllerInstance"/>) with every log line captured, at Trace level.</summary>
public sealed class ObservedController : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private ObservedController(WebApplication app, LogCapture logs)
    {
        _app = app;
        Logs = logs;
    }

    public LogCapture Logs { get; }

    public Uri HttpAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<ObservedController> StartAsync(ClusterTarget cluster, string watchNamespace)
    {
        var options = new ControllerOptions
        {
            Kubeconfig = cluster.KubeconfigPath,
            HttpAddress = "127.0.0.1:0",
            Interval = TimeSpan.FromSeconds(3),
            Workers = 2,
            WatchNamespaces = [watchNamespace],
            LeaseNamespace = watchNamespace,
            LeaderElect = false,
            LogFormat = "text",
            ShutdownTimeout = TimeSpan.FromSeconds(10),
            SelfHealBackoff = TimeSpan.FromMilliseconds(200),
            CacheDir = Directory.CreateTempSubdirectory("gitops-e2e-cache-").FullName,
        };
        var logs = new LogCapture();
        var app = ControllerHost.Build(options, services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            // Trace for the capture only (a provider rule wins over category rules); the console keeps its levels.
            services.Configure<LoggerFilterOptions>(filter => filter.Rules.Add(new LoggerFilterRule(typeof(LogCapture).FullName, null, LogLevel.Trace, null)));
        });
        await app.StartAsync();
        return new ObservedController(app, logs);
    }

    /// <summary>The controller's /metrics text.</summary>
    public async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync(new Uri(HttpAddress, "/metrics"));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _app.StopAsync(timeout.Token);
        }

        await _app.DisposeAsync();
    }
}
