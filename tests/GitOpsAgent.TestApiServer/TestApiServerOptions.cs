using Microsoft.Extensions.Logging;

namespace GitOpsAgent.TestApiServer;

/// <summary>How to run a <see cref="TestApiServer"/>.</summary>
public sealed class TestApiServerOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Serve HTTPS with a self-signed certificate made in memory (the kubeconfig carries it as its CA).</summary>
    public bool UseHttps { get; init; }

    /// <summary>The bearer token written into the kubeconfig: the admin (system:masters), as is a request without credentials.</summary>
    public string Token { get; init; } = "test-token";

    /// <summary>Give workloads the status of a healthy cluster when they are written (see README).</summary>
    public bool FakeControllers { get; init; } = true;

    /// <summary>How many changes watches can resume from; older resourceVersions get 410 Gone.</summary>
    public int WatchHistorySize { get; init; } = 1000;

    /// <summary>How often a watch with allowWatchBookmarks=true gets a BOOKMARK.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Where the server logs each request (Debug), failures (Debug) and injected faults (Information); none by default.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The clock of creationTimestamp, managedFields times and conditions.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
