using GitOpsAgent.Core.Status;

namespace GitOpsAgent.Cli.App;

/// <summary>What `--wait` and `app wait` wait for: a condition of the current generation to be True.</summary>
internal enum WaitTarget
{
    Ready,
    Synced,
    Healthy,

    /// <summary>Only that the controller served the request (refresh).</summary>
    Handled,
}

internal enum WaitVerdict
{
    Met,
    Pending,

    /// <summary>The controller says it cannot progress without a change by someone (Stalled=True): waiting longer will not help.</summary>
    Stalled,
}

/// <summary>The pure decision of one poll: is the wait over, and what does the Application say meanwhile.</summary>
internal static class WaitCondition
{
    public static IReadOnlyList<string> Names { get; } = [nameof(WaitTarget.Ready), nameof(WaitTarget.Synced), nameof(WaitTarget.Healthy)];

    public static (WaitVerdict Verdict, string Message) Evaluate(AppState app, WaitTarget target, string? request)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (request is not null && app.Status.LastHandledReconcileAt != request)
        {
            return (WaitVerdict.Pending, $"waiting for the controller to handle the request {request}");
        }

        if (target == WaitTarget.Handled)
        {
            return (WaitVerdict.Met, "request handled");
        }

        if (!app.IsCurrent)
        {
            return (WaitVerdict.Pending, $"waiting for the controller to reconcile generation {app.Generation}");
        }

        var type = target.ToString();
        if (app.IsTrue(type))
        {
            return (WaitVerdict.Met, $"{type}: {app.Condition(type)!.Message}".TrimEnd(' ', ':'));
        }

        if (app.IsTrue(ConditionTypes.Stalled))
        {
            var stalled = app.Condition(ConditionTypes.Stalled)!;
            return (WaitVerdict.Stalled, $"stalled ({stalled.Reason}): {stalled.Message}");
        }

        var condition = app.Condition(type);
        return (WaitVerdict.Pending, condition is null ? $"{type} is not reported yet" : $"{type}={condition.Status} ({condition.Reason}): {condition.Message}");
    }
}
