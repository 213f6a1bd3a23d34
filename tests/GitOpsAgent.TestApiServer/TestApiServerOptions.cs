namespace GitOpsAgent.TestApiServer;

/// <summary>How to run a <see cref="TestApiServer"/>.</summary>
public sealed class TestApiServerOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The bearer token written into the kubeconfig (any token is accepted).</summary>
    public string Token { get; init; } = "test-token";

    /// <summary>Give workloads the status of a healthy cluster when they are written (see README).</summary>
    public bool FakeControllers { get; init; } = true;

    /// <summary>How many changes watches can resume from; older resourceVersions get 410 Gone.</summary>
    public int WatchHistorySize { get; init; } = 1000;

    /// <summary>How often a watch with allowWatchBookmarks=true gets a BOOKMARK.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock of creationTimestamp, managedFields times and conditions.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
