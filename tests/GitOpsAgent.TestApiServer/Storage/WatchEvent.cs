using System.Text.Json.Nodes;

namespace GitOpsAgent.TestApiServer.Storage;

/// <summary>
/// A stored change, kept in the bounded history that watches resume from. <see cref="Previous"/> is the object before
/// a MODIFIED change, so a filtered watch can tell objects entering or leaving its selector.
/// </summary>
public sealed record WatchEvent(long ResourceVersion, string Type, string StorageKey, string Namespace, JsonObject Object, JsonObject? Previous = null);
