using System.Text.Json.Nodes;

namespace GitOpsAgent.TestApiServer.Storage;

/// <summary>A stored change, kept in the bounded history that watches resume from.</summary>
public sealed record WatchEvent(long ResourceVersion, string Type, string StorageKey, string Namespace, JsonObject Object);
