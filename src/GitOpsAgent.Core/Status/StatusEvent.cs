namespace GitOpsAgent.Core.Status;

/// <summary>A Kubernetes Event the status change calls for; Type is Normal or Warning.</summary>
public sealed record StatusEvent(string Type, string Reason, string Message)
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";
}

/// <summary>The status to write and the Events that its change from the previous one calls for.</summary>
public sealed record StatusUpdate(Applications.ApplicationStatus Status, IReadOnlyList<StatusEvent> Events);
