using System.Text.Json.Nodes;

namespace GitOpsAgent.Kubernetes;

/// <summary>One resource type as discovery describes it.</summary>
public sealed record ApiResource(string Group, string Version, string Kind, string Plural, bool Namespaced, IReadOnlyList<string> Verbs, IReadOnlyList<string> Subresources)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
}

/// <summary>Query options of list and watch requests.</summary>
public sealed record ListOptions(string? LabelSelector = null, string? FieldSelector = null, int? Limit = null, string? Continue = null, string? ResourceVersion = null, bool AllowWatchBookmarks = true, int? TimeoutSeconds = null);

/// <summary>Items of one list response (each with apiVersion and kind filled in), its resourceVersion and continue token.</summary>
public sealed record ObjectList(IReadOnlyList<JsonObject> Items, string ResourceVersion, string? Continue);

public enum WatchEventType { Added, Modified, Deleted, Bookmark }

public sealed record WatchEvent(WatchEventType Type, JsonObject Object);

/// <summary>Server-side apply options: <paramref name="DryRun"/> sends dryRun=All.</summary>
public sealed record ApplyOptions(string FieldManager, bool Force = true, bool DryRun = false);

public sealed record DeleteOptions(string? PropagationPolicy = "Foreground", string? PreconditionUid = null, string? PreconditionResourceVersion = null, bool DryRun = false);

public enum PatchType { Merge, Json, Strategic }
