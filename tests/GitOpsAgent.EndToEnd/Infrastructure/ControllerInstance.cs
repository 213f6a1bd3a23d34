using GitOpsAgent.Controller;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.EndToEnd.Infrastructure;

/// <summary>The real controller (the same host `gitops-agent run` builds), started in-process against the target cluster.</summary>
public sealed class ControllerInstance : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private ControllerInstance(WebApplication app, ControllerOptions options, LogCapture? logs)
    {
        _app = app;
        Options = options;
        Logs = logs;
    }

    public ControllerOptions Options { get; }

    /// <summary>Every log line at Trace level, when started with captureLogs.</summary>
    public LogCapture? Logs { get; }

    public Uri HttpAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public ApplicationController Controller => _app.Services.GetRequiredService<ApplicationController>();

    /// <summary>
    /// Starts a controller that watches only <paramref name="watchNamespace"/> and keeps its lease there; that namespace
    /// is also its own (the platform team's, whose Applications may deploy anywhere) unless <paramref name="configure"/>
    /// says otherwise.
    /// </summary>
    public static async Task<ControllerInstance> StartAsync(ClusterTarget cluster, string watchNamespace, Action<ControllerOptions>? configure = null, bool captureLogs = false)
    {
        var options = new ControllerOptions
        {
            Kubeconfig = cluster.KubeconfigPath,
            HttpAddress = "127.0.0.1:0",
            Interval = TimeSpan.FromSeconds(3),
            Workers = 4,
            WatchNamespaces = [watchNamespace],
            LeaseNamespace = watchNamespace,
            ControllerNamespace = watchNamespace,
            LeaderElect = false,
            LeaseDuration = TimeSpan.FromSeconds(3),
            RenewDeadline = TimeSpan.FromSeconds(2),
            RetryPeriod = TimeSpan.FromMilliseconds(300),
            LogFormat = "text",
            ShutdownTimeout = TimeSpan.FromSeconds(10),
            SelfHealBackoff = TimeSpan.FromMilliseconds(200),
            CacheDir = Directory.CreateTempSubdirectory("gitops-e2e-cache-").FullName,
        };
        configure?.Invoke(options);
        var logs = captureLogs ? new LogCapture() : null;
        var app = ControllerHost.Build(options, services =>
        {
            if (logs is not null)
            {
                services.AddSingleton<ILoggerProvider>(logs);

                // Trace for the capture only (a provider rule wins over category rules); the console keeps its levels.
                services.Configure<LoggerFilterOptions>(filter => filter.Rules.Add(new LoggerFilterRule(typeof(LogCapture).FullName, null, LogLevel.Trace, null)));
            }
        });
        await app.StartAsync();
        return new ControllerInstance(app, options, logs);
    }

    /// <summary>The controller's /metrics text.</summary>
    public async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync(new Uri(HttpAddress, "/metrics"));
    }

    /// <summary>Stops like a SIGTERM: running reconciles finish (bounded), the lease is released.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
