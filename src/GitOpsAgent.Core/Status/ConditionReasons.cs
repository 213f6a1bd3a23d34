namespace GitOpsAgent.Core.Status;

/// <summary>
/// Machine-readable reasons for conditions: CamelCase, stable, one per kind of outcome. Every constant here is set by
/// the status calculator from some outcome, and a golden case under tests/GitOpsAgent.Core.Tests/Status/testdata
/// shows what the user sees for it; docs/operations.md says what each means and what to do.
/// </summary>
public static class ConditionReasons
{
    // Outcomes.
    public const string Succeeded = "Succeeded";
    public const string Synced = "Synced";
    public const string OutOfSync = "OutOfSync";

    /// <summary>Out of sync while spec.suspend is true: nothing is written.</summary>
    public const string SyncPaused = "SyncPaused";

    // Health (mirrors HealthStatus).
    public const string Healthy = "Healthy";
    public const string Progressing = "Progressing";
    public const string Degraded = "Degraded";
    public const string Missing = "Missing";
    public const string Suspended = "Suspended";
    public const string HealthUnknown = "HealthUnknown";

    // The Application itself.
    public const string InvalidSpec = "InvalidSpec";

    // Source.
    public const string RevisionNotFound = "RevisionNotFound";
    public const string AuthenticationFailed = "AuthenticationFailed";
    public const string CredentialsNotFound = "CredentialsNotFound";
    public const string GitUnavailable = "GitUnavailable";
    public const string InvalidPath = "InvalidPath";

    /// <summary>The controller refuses the source: a file:// or local path outside --allow-local-repositories, an unknown transport.</summary>
    public const string SourceNotAllowed = "SourceNotAllowed";

    // Chart sources (spec.source.chart) and chart dependencies.

    /// <summary>The chart repository or OCI registry has no chart of that name (or a chart's dependency names one it lacks).</summary>
    public const string ChartNotFound = "ChartNotFound";

    /// <summary>No published version of the chart satisfies targetRevision (or a dependency's version range).</summary>
    public const string NoMatchingVersion = "NoMatchingVersion";

    /// <summary>The repository index, the registry or the chart archive could not be fetched, or its digest did not match.</summary>
    public const string ChartPullFailed = "ChartPullFailed";

    /// <summary>The chart archive was refused: too large, not a gzip tar, an entry leaving the folder, or no Chart.yaml.</summary>
    public const string InvalidChartArchive = "InvalidChartArchive";

    // Rendering.
    public const string RenderFailed = "RenderFailed";
    public const string InvalidManifest = "InvalidManifest";
    public const string DuplicateResource = "DuplicateResource";
    public const string KustomizeFailed = "KustomizeFailed";
    public const string HelmFailed = "HelmFailed";
    public const string HelmNotAvailable = "HelmNotAvailable";

    /// <summary>A ${name} in the rendered manifests (or a spec.substituteFrom object) cannot be expanded: nothing is applied or pruned.</summary>
    public const string SubstitutionFailed = "SubstitutionFailed";

    // The cluster.
    public const string KindNotFound = "KindNotFound";
    public const string Forbidden = "Forbidden";
    public const string ClusterUnavailable = "ClusterUnavailable";
    public const string OwnedByAnotherApplication = "OwnedByAnotherApplication";

    /// <summary>spec.destination.kubeConfig's Secret lacks the key, or holds a kubeconfig that cannot be used: nothing is deployed until it is fixed.</summary>
    public const string InvalidKubeConfig = "InvalidKubeConfig";

    /// <summary>The API server refused to let the controller act as the Application's ServiceAccount (no impersonate verb on it).</summary>
    public const string ImpersonationForbidden = "ImpersonationForbidden";

    // Tenancy.

    /// <summary>The AppPolicies of the Application's namespace do not allow its source or some of its objects: nothing is applied.</summary>
    public const string PolicyViolation = "PolicyViolation";

    // Sync.
    public const string DryRunFailed = "DryRunFailed";
    public const string ApplyFailed = "ApplyFailed";
    public const string ImmutableFieldChanged = "ImmutableFieldChanged";
    public const string FieldManagerConflict = "FieldManagerConflict";
    public const string PruneFailed = "PruneFailed";
    public const string PruneBlocked = "PruneBlocked";
    public const string SelfHealBackoff = "SelfHealBackoff";

    /// <summary>A sync is under way; written every few seconds while a long one runs.</summary>
    public const string Syncing = "Syncing";

    // Sync phases, waves and dependencies.

    /// <summary>A wave is applied; the next starts when every object of it is Healthy.</summary>
    public const string WaitingForWave = "WaitingForWave";

    /// <summary>Hooks of a phase (a migration Job) are running; the sync goes on when they complete.</summary>
    public const string HookRunning = "HookRunning";

    /// <summary>A hook failed: the sync stopped there, SyncFail hooks ran; not retried at this revision without a change.</summary>
    public const string HookFailed = "HookFailed";

    /// <summary>A wave or a hook outlived spec.syncPolicy.waveTimeout: handled like a failed hook.</summary>
    public const string WaveTimeout = "WaveTimeout";

    /// <summary>An Application of spec.dependsOn is not Ready at its current revision: nothing is synced until it is.</summary>
    public const string DependencyNotReady = "DependencyNotReady";

    /// <summary>spec.dependsOn leads back to this Application.</summary>
    public const string DependencyCycle = "DependencyCycle";

    // Lifecycle.
    public const string Deleting = "Deleting";
    public const string DeletionBlocked = "DeletionBlocked";

    /// <summary>An error nobody expected; the message is the exception's message (never a stack trace).</summary>
    public const string InternalError = "InternalError";

    /// <summary>Reasons that describe a state of the Application rather than a failure of the controller.</summary>
    private static readonly HashSet<string> StateReasons = new(StringComparer.Ordinal)
    {
        Succeeded, Synced, OutOfSync, SyncPaused, Healthy, Progressing, Degraded, Missing, Suspended, HealthUnknown, SelfHealBackoff, Deleting,
        Syncing, WaitingForWave, HookRunning, DependencyNotReady,
    };

    /// <summary>True for a reason that describes a state (OutOfSync, Progressing, ...); a Ready=False with any other is a failure.</summary>
    public static bool DescribesState(string reason) => StateReasons.Contains(reason);
}
