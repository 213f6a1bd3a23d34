namespace GitOpsAgent.Core.Status;

/// <summary>The condition types an Application reports (kstatus-compatible: Ready, Reconciling, Stalled).</summary>
public static class ConditionTypes
{
    /// <summary>The summary: True when the last reconcile fully succeeded.</summary>
    public const string Ready = "Ready";

    /// <summary>True while the controller works towards the desired state.</summary>
    public const string Reconciling = "Reconciling";

    /// <summary>True when the controller cannot make progress without a change by someone.</summary>
    public const string Stalled = "Stalled";

    /// <summary>True when the live objects match Git.</summary>
    public const string Synced = "Synced";

    /// <summary>True when the aggregated health is Healthy.</summary>
    public const string Healthy = "Healthy";

    /// <summary>The order conditions are kept in: the summary first, then the details.</summary>
    internal static readonly string[] Order = [Ready, Reconciling, Stalled, Synced, Healthy];

    /// <summary>Every type, in <see cref="Order"/>.</summary>
    public static IReadOnlyList<string> All => Order;
}
