namespace GitOpsAgent.Core.Status;

/// <summary>Machine-readable reasons for conditions: CamelCase, stable, one per kind of outcome.</summary>
public static class ConditionReasons
{
    // Outcomes.
    public const string Succeeded = "Succeeded";
    public const string Synced = "Synced";
    public const string OutOfSync = "OutOfSync";

    // Health (mirrors HealthStatus).
    public const string Healthy = "Healthy";
    public const string Progressing = "Progressing";
    public const string Degraded = "Degraded";
    public const string Missing = "Missing";
    public const string Suspended = "Suspended";
    public const string HealthUnknown = "HealthUnknown";

    // Work under way.
    public const string Reconciling = "Reconciling";
    public const string Syncing = "Syncing";

    // Source.
    public const string RevisionNotFound = "RevisionNotFound";
    public const string AuthenticationFailed = "AuthenticationFailed";
    public const string GitUnavailable = "GitUnavailable";

    // Rendering.
    public const string RenderFailed = "RenderFailed";
    public const string HelmNotAvailable = "HelmNotAvailable";
    public const string InvalidPath = "InvalidPath";
    public const string InvalidManifest = "InvalidManifest";
    public const string InvalidSpec = "InvalidSpec";
    public const string DuplicateResource = "DuplicateResource";

    // Apply.
    public const string DryRunFailed = "DryRunFailed";
    public const string ApplyFailed = "ApplyFailed";
    public const string PruneFailed = "PruneFailed";
    public const string PruneBlocked = "PruneBlocked";
    public const string ImmutableFieldChanged = "ImmutableFieldChanged";
    public const string FieldManagerConflict = "FieldManagerConflict";
    public const string SelfHealBackoff = "SelfHealBackoff";
    public const string ClusterUnavailable = "ClusterUnavailable";
    public const string Forbidden = "Forbidden";
    public const string KindNotFound = "KindNotFound";

    // Lifecycle.
    public const string SyncPaused = "SyncPaused";
    public const string DeletionBlocked = "DeletionBlocked";
    public const string Deleting = "Deleting";
}
