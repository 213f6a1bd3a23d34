namespace GitOpsAgent.Core.Health.Generic;

/// <summary>What a condition type means when it is True.</summary>
internal enum ConditionRole
{
    /// <summary>Not a type we know: ignored.</summary>
    None,

    /// <summary>True is good: Ready, Available, Synced, Accepted, ResolvedRefs, *Ready, *Succeeded ...</summary>
    Positive,

    /// <summary>True is good, but only counts when no positive type is present (KEDA's Active False is just idle).</summary>
    WeakPositive,

    /// <summary>True is bad: Degraded, Failed, Stalled, HasErrors, ErrorOccurred, ACK.Terminal, *Failed, *Error ...</summary>
    Negative,

    /// <summary>True is work under way: Reconciling, Progressing, RollingUpdate, Pending ...</summary>
    Progress,

    /// <summary>True is work under way unless a positive type is True (an Ansible operator's Running stays True after success).</summary>
    WeakProgress,

    /// <summary>True means finished, well or badly by its reason: Finished, Complete, Done.</summary>
    Completion,

    /// <summary>True is an intentional stop: Paused, Suspended, ReconciliationPaused, Hibernated, Stopped.</summary>
    Suspend,
}

/// <summary>
/// The condition types operators use (kstatus, Kubernetes API conventions, and the types of the operators in the test
/// corpus), by name; a domain prefix ("ACK.", "cilium.io/", "cnpg.io/") is ignored.
/// </summary>
internal static class ConditionVocabulary
{
    private static readonly Dictionary<string, ConditionRole> Exact = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Ready"] = ConditionRole.Positive, ["Available"] = ConditionRole.Positive, ["Succeeded"] = ConditionRole.Positive,
        ["Healthy"] = ConditionRole.Positive, ["Synced"] = ConditionRole.Positive, ["Established"] = ConditionRole.Positive,
        ["Accepted"] = ConditionRole.Positive, ["Programmed"] = ConditionRole.Positive, ["ResolvedRefs"] = ConditionRole.Positive,
        ["Reconciled"] = ConditionRole.Positive, ["Valid"] = ConditionRole.Positive, ["Installed"] = ConditionRole.Positive,
        ["Admitted"] = ConditionRole.Positive, ["QuotaReserved"] = ConditionRole.Positive, ["Deployed"] = ConditionRole.Positive,
        ["Bound"] = ConditionRole.Positive, ["Successful"] = ConditionRole.Positive, ["ReconcileSuccess"] = ConditionRole.Positive,
        ["Released"] = ConditionRole.Positive, ["TestSuccess"] = ConditionRole.Positive, ["Promoted"] = ConditionRole.Positive,
        ["ContainerHealthy"] = ConditionRole.Positive, ["ResourcesAvailable"] = ConditionRole.Positive, ["Addressable"] = ConditionRole.Positive,
        ["Initialized"] = ConditionRole.Positive, ["Launched"] = ConditionRole.Positive, ["Registered"] = ConditionRole.Positive,
        ["Active"] = ConditionRole.WeakPositive,
        ["Degraded"] = ConditionRole.Negative, ["Failed"] = ConditionRole.Negative, ["Failure"] = ConditionRole.Negative,
        ["Stalled"] = ConditionRole.Negative, ["Error"] = ConditionRole.Negative, ["Errored"] = ConditionRole.Negative,
        ["HasErrors"] = ConditionRole.Negative, ["ErrorOccurred"] = ConditionRole.Negative, ["Terminal"] = ConditionRole.Negative,
        ["Recoverable"] = ConditionRole.Negative, ["NotReady"] = ConditionRole.Negative, ["Denied"] = ConditionRole.Negative,
        ["InvalidRequest"] = ConditionRole.Negative, ["Fallback"] = ConditionRole.Negative, ["NoMatchingInstances"] = ConditionRole.Negative,
        ["Reconciling"] = ConditionRole.Progress, ["Progressing"] = ConditionRole.Progress, ["RollingUpdate"] = ConditionRole.Progress,
        ["Updating"] = ConditionRole.Progress, ["Upgrading"] = ConditionRole.Progress, ["Restarting"] = ConditionRole.Progress,
        ["ScalingUp"] = ConditionRole.Progress, ["ScalingDown"] = ConditionRole.Progress, ["Migrating"] = ConditionRole.Progress,
        ["Pending"] = ConditionRole.Progress, ["Issuing"] = ConditionRole.Progress, ["Resizing"] = ConditionRole.Progress,
        ["ReplacingNodes"] = ConditionRole.Progress, ["RollingRestart"] = ConditionRole.Progress, ["Resuming"] = ConditionRole.Progress,
        ["Deploying"] = ConditionRole.Progress, ["Provisioning"] = ConditionRole.Progress, ["Creating"] = ConditionRole.Progress,
        ["Deleting"] = ConditionRole.Progress, ["Terminating"] = ConditionRole.Progress, ["InstallPlanPending"] = ConditionRole.Progress,
        ["RolloutProgressing"] = ConditionRole.Progress,
        ["Running"] = ConditionRole.WeakProgress, ["Started"] = ConditionRole.WeakProgress,
        ["Finished"] = ConditionRole.Completion, ["Complete"] = ConditionRole.Completion, ["Completed"] = ConditionRole.Completion,
        ["Done"] = ConditionRole.Completion,
        ["Paused"] = ConditionRole.Suspend, ["Suspended"] = ConditionRole.Suspend, ["ReconciliationPaused"] = ConditionRole.Suspend,
        ["Hibernated"] = ConditionRole.Suspend, ["Hibernation"] = ConditionRole.Suspend, ["Stopped"] = ConditionRole.Suspend,
        ["Cordoned"] = ConditionRole.Suspend,
    };

    private static readonly string[] NegativeSuffixes = ["Failed", "Failure", "Error", "Errors", "Unhealthy", "Exhausted", "Conflict", "Degraded", "Stalled"];

    private static readonly string[] PositiveSuffixes =
    [
        "Ready", "Available", "Healthy", "Synced", "Succeeded", "Success", "Reconciled", "Provided", "Resolved", "Established",
        "Programmed", "Accepted", "Valid", "Admitted", "Initialized", "Provisioned", "Synchronized", "InStorage", "UpToDate",
        "Generated",
    ];

    // Types that record a step reached: False without a reason means the step is still ahead.
    private static readonly HashSet<string> Steps = new(StringComparer.OrdinalIgnoreCase) { "Reconciled", "Initialized", "Launched", "Registered" };

    private static readonly string[] SuspendSuffixes = ["Paused", "Suspended", "Hibernated"];

    public static ConditionRole RoleOf(string type)
    {
        var name = StripDomain(type);
        if (Exact.TryGetValue(name, out var role))
        {
            return role;
        }

        if (EndsWithAny(name, NegativeSuffixes))
        {
            return ConditionRole.Negative;
        }

        if (EndsWithAny(name, SuspendSuffixes))
        {
            return ConditionRole.Suspend;
        }

        // "NotReady", "NoWarnings": a negated name is not a positive type.
        if (EndsWithAny(name, PositiveSuffixes) && !name.StartsWith("Not", StringComparison.Ordinal))
        {
            return ConditionRole.Positive;
        }

        return ConditionRole.None;
    }

    public static bool IsStep(string type) => Steps.Contains(StripDomain(type));

    /// <summary>"ACK.ResourceSynced" is ResourceSynced, "cilium.io/IPsExhausted" is IPsExhausted.</summary>
    public static string StripDomain(string type)
    {
        var cut = Math.Max(type.LastIndexOf('/'), type.LastIndexOf('.'));
        return cut >= 0 && cut < type.Length - 1 ? type[(cut + 1)..] : type;
    }

    private static bool EndsWithAny(string name, string[] suffixes) =>
        suffixes.Any(s => name.Length > s.Length && name.EndsWith(s, StringComparison.Ordinal)) || suffixes.Contains(name, StringComparer.Ordinal);
}
