using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Health;

namespace GitOpsAgent.Core.Status;

/// <summary>
/// What one reconcile learned, whatever step it ended at. A null member means "not learned this time" (the step that
/// would have learned it did not run), never "empty": the calculator then keeps or withdraws the previous value.
/// </summary>
public sealed record ReconcileObservation
{
    public required DateTimeOffset Now { get; init; }

    /// <summary>metadata.generation of the Application this reconcile read.</summary>
    public required long Generation { get; init; }

    public bool Suspended { get; init; }

    public bool Automated { get; init; }

    /// <summary>The commit (or chart version) this reconcile resolved and tried; null when resolving failed.</summary>
    public string? AttemptedRevision { get; init; }

    /// <summary>With spec.valuesSource: the values commit tried with <see cref="AttemptedRevision"/>; null otherwise.</summary>
    public string? AttemptedValuesRevision { get; init; }

    /// <summary>Subject and author of <see cref="AttemptedRevision"/> (for a chart, "chart NAME VERSION"), for the history.</summary>
    public CommitInfo? Commit { get; init; }

    /// <summary>Desired against live after any sync of this reconcile; null when the comparison was not reached.</summary>
    public ComparisonSummary? Comparison { get; init; }

    public IReadOnlyList<ResourceStatus>? Resources { get; init; }

    public HealthResult? Health { get; init; }

    /// <summary>The sync this reconcile ran (Succeeded, Failed or Error); null when it ran none.</summary>
    public OperationState? Operation { get; init; }

    /// <summary>The value of the refresh or sync request annotation this reconcile handled.</summary>
    public string? HandledRequest { get; init; }
}

/// <summary>A commit's subject line and author, as `git log` prints them (a chart's: "chart NAME VERSION" and its maintainers).</summary>
public sealed record CommitInfo(string Subject, string Author);

/// <summary>
/// Whether an apply would change nothing. <paramref name="OutOfSync"/> describes the objects that differ
/// ("Deployment.apps web (Modified: spec.replicas)"), all of them; messages name the first few.
/// </summary>
public sealed record ComparisonSummary(IReadOnlyList<string> OutOfSync)
{
    public bool InSync => OutOfSync.Count == 0;
}
