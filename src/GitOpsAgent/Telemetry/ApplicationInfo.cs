namespace GitOpsAgent.Telemetry;

/// <summary>What gitopsagent_app_info says about one Application; the controller replaces it after each reconcile.</summary>
/// <param name="Repo">The source repository URL, already stripped of credentials.</param>
public sealed record ApplicationInfo(string Repo, string DestinationNamespace, string SyncStatus, string HealthStatus, bool AutoSync);
