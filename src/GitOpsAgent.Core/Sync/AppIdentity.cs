namespace GitOpsAgent.Core.Sync;

/// <summary>The Application that owns a set of objects.</summary>
public sealed record AppIdentity(string Namespace, string Name);
