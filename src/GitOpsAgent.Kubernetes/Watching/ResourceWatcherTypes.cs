using System.Text.Json.Nodes;

namespace GitOpsAgent.Kubernetes;

/// <summary>What one <see cref="ResourceWatcher"/> watches, and how it backs off.</summary>
public sealed record ResourceWatcherOptions(string ApiVersion, string Kind, string? Namespace = null, string? LabelSelector = null)
{
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Server-side watch timeout; the watcher then resumes from the last resourceVersion.</summary>
    public int WatchTimeoutSeconds { get; init; } = 300;

    public int PageSize { get; init; } = 500;

    /// <summary>A label whose values the store is indexed by, for <see cref="ResourceWatcher.WithLabel"/>; null: no index.</summary>
    public string? IndexLabel { get; init; }

    /// <summary>
    /// Keeps each object as its UTF-8 JSON (a few KB) instead of the parsed node tree, which also holds the document it
    /// was parsed from (several times the size); every read then parses a fresh copy, which the caller owns.
    /// </summary>
    public bool CompactStore { get; init; }
}

public enum ResourceWatcherEventType { Added, Modified, Deleted, Synced }

/// <summary>A change to the watcher's store; <see cref="ResourceWatcherEventType.Synced"/> (no object) follows each full list.</summary>
public sealed record ResourceWatcherEvent(ResourceWatcherEventType Type, JsonObject? Object);
