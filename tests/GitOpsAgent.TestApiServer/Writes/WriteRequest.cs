namespace GitOpsAgent.TestApiServer.Writes;

/// <summary>The parts of a write request that every write path needs.</summary>
public sealed record WriteRequest(string Manager, bool DryRun, bool Force = false, string Subresource = "");
