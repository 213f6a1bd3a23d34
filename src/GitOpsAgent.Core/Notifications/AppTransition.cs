namespace GitOpsAgent.Core.Notifications;

/// <summary>How bad a transition is, for colours and commit-status states.</summary>
public enum Severity
{
    Info,
    Warning,
    Error,
}

/// <summary>
/// One transition of an Application: the event, the commit it concerns (the applied one for Synced and Recovered, the
/// attempted one for SyncFailed), the reason and a sentence for people.
/// </summary>
public sealed record AppTransition(NotificationEvent Event, Severity Severity, string? Revision, string Reason, string Message);
