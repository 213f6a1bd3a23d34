namespace GitOpsAgent.Core.Applications;

public sealed class ApplicationStatus
{
    public long? ObservedGeneration { get; set; }

    /// <summary>The revision the last reconcile resolved and tried, whether or not it could be applied.</summary>
    public string? LastAttemptedRevision { get; set; }

    /// <summary>The last revision whose every object was applied (what the cluster runs).</summary>
    public string? LastAppliedRevision { get; set; }

    /// <summary>
    /// <see cref="LastAppliedRevision"/> as people read it (a commit's first 7 characters): the REVISION column of
    /// `kubectl get gapp`, since a printer column's JSONPath cannot cut a string.
    /// </summary>
    public string? LastAppliedRevisionShort { get; set; }

    /// <summary>The value of the last refresh or sync request annotation the controller handled (Flux's lastHandledReconcileAt).</summary>
    public string? LastHandledReconcileAt { get; set; }

    /// <summary>With spec.valuesSource: the commit of the values repository the last reconcile tried with the chart revision.</summary>
    public string? ValuesRevision { get; set; }

    public SyncStatusInfo? Sync { get; set; }

    public HealthStatusInfo? Health { get; set; }

    public List<Condition>? Conditions { get; set; }

    public List<ResourceStatus>? Resources { get; set; }

    public List<HistoryEntry>? History { get; set; }

    public OperationState? OperationState { get; set; }
}

public sealed class SyncStatusInfo
{
    /// <summary>Synced, OutOfSync or Unknown.</summary>
    public string Status { get; set; } = "Unknown";

    /// <summary>The full commit SHA (or chart version@digest) the live state was compared with.</summary>
    public string? Revision { get; set; }
}

public sealed class HealthStatusInfo
{
    /// <summary>Healthy, Progressing, Degraded, Suspended, Missing or Unknown.</summary>
    public string Status { get; set; } = "Unknown";

    public string? Message { get; set; }
}

/// <summary>A kstatus/metav1.Condition-compatible condition.</summary>
public sealed class Condition
{
    public string Type { get; set; } = "";

    /// <summary>"True", "False" or "Unknown".</summary>
    public string Status { get; set; } = "Unknown";

    public string Reason { get; set; } = "";

    public string Message { get; set; } = "";

    public string? LastTransitionTime { get; set; }

    public long? ObservedGeneration { get; set; }
}

public sealed class ResourceStatus
{
    public string Group { get; set; } = "";

    public string Version { get; set; } = "";

    public string Kind { get; set; } = "";

    public string? Namespace { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Synced or OutOfSync.</summary>
    public string Status { get; set; } = "Unknown";

    public HealthStatusInfo? Health { get; set; }
}

public sealed class HistoryEntry
{
    public long Id { get; set; }

    public string Revision { get; set; } = "";

    public string DeployedAt { get; set; } = "";

    /// <summary>auto, manual or webhook.</summary>
    public string InitiatedBy { get; set; } = "auto";

    /// <summary>The commit's subject line (for a chart: "chart NAME VERSION").</summary>
    public string? Subject { get; set; }

    public string? Author { get; set; }
}

public sealed class OperationState
{
    /// <summary>Running, Succeeded, Failed (the sync was refused: nothing applied) or Error (it stopped part way).</summary>
    public string Phase { get; set; } = "";

    public string? Message { get; set; }

    public string? Revision { get; set; }

    public string? InitiatedBy { get; set; }

    public string? StartedAt { get; set; }

    public string? FinishedAt { get; set; }

    /// <summary>The phase the sync reached: PreSync, Sync, PostSync, or SyncFail once it failed.</summary>
    public string? SyncPhase { get; set; }

    /// <summary>The wave the sync reached within <see cref="SyncPhase"/>.</summary>
    public int? SyncWave { get; set; }

    /// <summary>When the sync reached that phase and wave (the wave timeout counts from here).</summary>
    public string? WaveStartedAt { get; set; }

    /// <summary>The condition reason of a sync that failed (HookFailed, WaveTimeout).</summary>
    public string? Reason { get; set; }

    public List<ResourceResult>? Resources { get; set; }
}

public sealed class ResourceResult
{
    public string Group { get; set; } = "";

    public string Version { get; set; } = "";

    public string Kind { get; set; } = "";

    public string? Namespace { get; set; }

    public string Name { get; set; } = "";

    /// <summary>An <see cref="Sync.ApplyResult"/> name: Created, Configured, Unchanged, Replaced, Pruned, Skipped or Failed.</summary>
    public string Result { get; set; } = "";

    public string? Message { get; set; }

    /// <summary>The phase the object was applied in (PreSync, Sync, PostSync, SyncFail).</summary>
    public string? SyncPhase { get; set; }

    public int? SyncWave { get; set; }

    /// <summary>For hooks: Running, Succeeded or Failed.</summary>
    public string? HookStatus { get; set; }

    /// <summary>For hooks: the uid of the object this sync created.</summary>
    public string? Uid { get; set; }
}
