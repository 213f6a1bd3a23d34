namespace GitOpsAgent.Core.Notifications;

/// <summary>The transitions of an Application a Notification can send.</summary>
public enum NotificationEvent
{
    /// <summary>A new revision was applied in full.</summary>
    Synced,

    /// <summary>A reconcile failed with a new reason, or at a new revision (one message per failure, not per retry).</summary>
    SyncFailed,

    /// <summary>Health became Degraded.</summary>
    HealthDegraded,

    /// <summary>Live objects drifted from the revision that was applied (found out of sync, or healed back by a sync of it).</summary>
    DriftDetected,

    /// <summary>Ready again after a failure or after Degraded health.</summary>
    Recovered,
}
