using System.Text;

namespace GitOpsAgent.Core.Health.Generic;

/// <summary>
/// The words operators use for states, reasons and messages, case-insensitive, read token by token
/// ("ErrorUnschedulable" is error + unschedulable, "SUBMISSION_FAILED" is submission + failed). "not" (also
/// "cannot", "doesn't") before found/exist/permitted/supported/allowed/authorized/match reads as a failure, and before
/// a word of readiness ("not ready", "not yet", "not synced") as work still under way.
/// </summary>
internal static class StatusWords
{
    private static readonly HashSet<string> HealthyWords = new(StringComparer.Ordinal)
    {
        "running", "ready", "active", "succeeded", "success", "successful", "completed", "complete", "bound", "healthy",
        "green", "available", "deployed", "established", "provisioned", "synced", "valid", "online", "enabled", "normal",
        "ok", "created", "initialized", "initialised", "done", "passed", "admitted", "accepted", "connected", "reconciled",
        "idle", "attached", "serving", "atlatestknown",
    };

    private static readonly HashSet<string> ProgressWords = new(StringComparer.Ordinal)
    {
        "progress", "progressing", "inprogress", "reconciling", "pending", "creating", "provisioning", "waiting", "wait",
        "awaiting", "initializing", "initialising", "installing", "upgrading", "updating", "starting", "deploying", "issuing",
        "scaling", "rolling", "restarting", "applying", "migrating", "processing", "deleting", "terminating", "queued",
        "scheduling", "submitted", "retrying", "building", "backing", "resizing", "modifying", "converging", "replacing",
        "finalizing", "finalising", "completing", "stopping", "connecting", "new", "yellow", "setting", "rebuilding",
        "healing", "switchover", "yet",
    };

    private static readonly HashSet<string> FailureWords = new(StringComparer.Ordinal)
    {
        "fail", "failed", "failure", "failures", "failing", "error", "errors", "errored", "err", "invalid", "denied",
        "forbidden", "unauthorized", "unauthorised", "exceeded", "crash", "crashloopbackoff", "backoff", "unreachable",
        "refused", "rejected", "conflict", "unsupported", "timeout", "unschedulable", "insufficient", "unavailable",
        "unhealthy", "degraded", "orphaned", "incompatible", "terminal", "unrecoverable", "already", "exception", "missing",
        "unable", "lost", "faulted", "expired", "exhausted", "panic", "oomkilled", "red", "aborted", "full", "errimagepull",
        "imagepullbackoff", "notsupported", "notfound",
    };

    // Only in a state value: a VirtualServer "Warning" serves with parts broken, an IstioOperator "ACTION_REQUIRED" waits on a person to fix it.
    private static readonly HashSet<string> FailureStateWords = new(StringComparer.Ordinal) { "warning", "warn", "required", "err" };

    private static readonly HashSet<string> SuspendWords = new(StringComparer.Ordinal)
    {
        "paused", "pause", "suspended", "suspend", "suspending", "stopped", "hibernated", "hibernation", "hibernating",
        "cordoned", "halted", "approval",
    };

    private static readonly HashSet<string> Negations = new(StringComparer.Ordinal)
    {
        "not", "cannot", "cant", "doesnt", "didnt", "isnt", "wasnt", "arent", "wont", "couldnt", "no",
    };

    private static readonly HashSet<string> NegatedFailureWords = new(StringComparer.Ordinal)
    {
        "found", "exist", "exists", "permitted", "supported", "allowed", "authorized", "match", "matching", "such",
    };

    /// <summary>A phase, state or health value: "Failed", "Cluster in healthy state", "ErrorUnschedulable", "green".</summary>
    public static HealthStatus? ClassifyState(string value, bool runsToCompletion)
    {
        var tokens = Tokens(value);
        switch (string.Concat(tokens))
        {
            case "atlatestknown" or "healthok":
                return HealthStatus.Healthy;
            case "healtherr":
                return HealthStatus.Degraded;
            case "runningworkflow":
                return HealthStatus.Progressing;
        }

        var found = new List<HealthStatus>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (Negations.Contains(token))
            {
                if (Negated(tokens, i) is { } negated)
                {
                    found.Add(negated);
                    i++;
                }

                continue;
            }

            if (FailureWords.Contains(token) || FailureStateWords.Contains(token))
            {
                found.Add(HealthStatus.Degraded);
            }
            else if (SuspendWords.Contains(token))
            {
                found.Add(HealthStatus.Suspended);
            }
            else if (ProgressWords.Contains(token) || (runsToCompletion && token == "running"))
            {
                found.Add(HealthStatus.Progressing);
            }
            else if (HealthyWords.Contains(token))
            {
                found.Add(HealthStatus.Healthy);
            }
        }

        // Within one value, a failure word outweighs the rest ("unrecoverable error" in a sentence that also says "reconciled").
        HealthStatus[] precedence = [HealthStatus.Degraded, HealthStatus.Suspended, HealthStatus.Progressing, HealthStatus.Healthy];
        return precedence.Cast<HealthStatus?>().FirstOrDefault(s => found.Contains(s!.Value));
    }

    /// <summary>
    /// A condition's reason and message, for a condition whose status alone does not decide: Suspended, Degraded or
    /// Progressing, or null when they say nothing we know. A reason about a dependency or about waiting is progress
    /// even when it names what is missing ("DependencyNotFound").
    /// </summary>
    public static HealthStatus? ClassifyText(string reason, string message)
    {
        var reasonTokens = Tokens(reason);
        if (reasonTokens.Any(t => t is "dependency" or "waiting" or "awaiting"))
        {
            return HealthStatus.Progressing;
        }

        // The reason is the operator's code for the state, the message its explanation: the reason speaks first
        // (Kueue's reason Pending with a message about insufficient quota is a workload waiting for quota).
        return Classify(reasonTokens) ?? Classify(Tokens(message));
    }

    private static HealthStatus? Classify(List<string> tokens)
    {
        if (tokens.Any(SuspendWords.Contains))
        {
            return HealthStatus.Suspended;
        }

        HealthStatus? result = null;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (Negations.Contains(token))
            {
                var negated = Negated(tokens, i);
                if (negated == HealthStatus.Degraded)
                {
                    return HealthStatus.Degraded;
                }

                result ??= negated;
            }
            else if (FailureWords.Contains(token))
            {
                return HealthStatus.Degraded;
            }
            else if (ProgressWords.Contains(token) || token == "running")
            {
                result ??= HealthStatus.Progressing;
            }
        }

        return result;
    }

    public static bool IsCompletionReason(string reason) =>
        Tokens(reason).Any(t => t is "complete" or "completed" or "succeeded" or "successful" or "success" or "finished" or "done" or "expected" or "available");

    // "not found" is a failure, "not ready"/"not yet" is progress; looks at most three words ahead ("not all pods ready").
    private static HealthStatus? Negated(List<string> tokens, int at)
    {
        for (var j = at + 1; j < tokens.Count && j <= at + 3; j++)
        {
            if (NegatedFailureWords.Contains(tokens[j]))
            {
                return HealthStatus.Degraded;
            }

            // "no pod ready" says nothing is ready: only "no such", "no matching" are read through a "no".
            if (tokens[at] != "no" && (HealthyWords.Contains(tokens[j]) || tokens[j] is "yet" or "met" or "up"))
            {
                return HealthStatus.Progressing;
            }
        }

        return null;
    }

    /// <summary>Lower-case words: split at non-letters and at camelCase humps; apostrophes are dropped ("doesn't" is "doesnt").</summary>
    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\'' or '\u2019')
            {
                continue;
            }

            if (!char.IsLetter(c))
            {
                Flush();
                continue;
            }

            // A hump: lower to upper ("errorUnschedulable"), or the last capital of an acronym before a lower ("HTTPRoute").
            if (current.Length > 0 && char.IsUpper(c)
                && (char.IsLower(text[i - 1]) || (i + 1 < text.Length && char.IsLower(text[i + 1]) && char.IsUpper(text[i - 1]))))
            {
                Flush();
            }

            current.Append(char.ToLowerInvariant(c));
        }

        Flush();
        return tokens;

        void Flush()
        {
            if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }
    }
}
