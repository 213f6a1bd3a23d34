using System.Text.Json.Nodes;

namespace GitOpsAgent.Core.Diff;

/// <summary>
/// One field whose desired value differs from the live one. Path is dotted with list items by key:
/// "spec.replicas", "spec.template.spec.containers[name=web].image", "metadata.finalizers[=a]". A null side is absent.
/// </summary>
public sealed record FieldDifference(string Path, JsonNode? Desired, JsonNode? Live);
