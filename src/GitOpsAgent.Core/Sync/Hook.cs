using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Sync;

/// <summary>When a hook object is deleted: before it is created again, once it succeeded, once it failed.</summary>
[Flags]
public enum HookDeletePolicy
{
    None = 0,
    BeforeHookCreation = 1,
    HookSucceeded = 2,
    HookFailed = 4,
}

/// <summary>
/// Hooks: objects annotated gitopsagent.io/hook run once per sync in their phase (a Job until Complete, anything else
/// until Healthy) and are not managed objects: never compared, never OutOfSync, never pruned; their delete policy
/// (gitopsagent.io/hook-delete-policy, default BeforeHookCreation, as in Argo CD) says when they go.
/// </summary>
public static class Hook
{
    public const string Annotation = "gitopsagent.io/hook";
    public const string DeletePolicyAnnotation = "gitopsagent.io/hook-delete-policy";

    private static readonly SyncPhase[] HookPhases = [SyncPhase.PreSync, SyncPhase.PostSync, SyncPhase.SyncFail];

    public static bool IsHook(JsonObject obj) => obj.GetAnnotation(Annotation) is not null;

    /// <summary>The phase a hook runs in; null for an object that is no hook (or whose annotation is invalid: see <see cref="Problem"/>).</summary>
    public static SyncPhase? PhaseOf(JsonObject obj)
    {
        var value = obj.GetAnnotation(Annotation)?.Trim();
        foreach (var phase in HookPhases)
        {
            if (string.Equals(phase.ToString(), value, StringComparison.Ordinal))
            {
                return phase;
            }
        }

        return null;
    }

    /// <summary>The delete policies of a hook: the annotation's comma-separated list, BeforeHookCreation when absent.</summary>
    public static HookDeletePolicy DeletePolicyOf(JsonObject obj)
    {
        if (obj.GetAnnotation(DeletePolicyAnnotation) is not { } value)
        {
            return HookDeletePolicy.BeforeHookCreation;
        }

        var policy = HookDeletePolicy.None;
        foreach (var item in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            policy |= ParsePolicy(item) ?? HookDeletePolicy.None;
        }

        return policy;
    }

    /// <summary>What is wrong with an object's hook annotations, or null when nothing is (or it is no hook).</summary>
    public static string? Problem(JsonObject obj)
    {
        var value = obj.GetAnnotation(Annotation);
        var policy = obj.GetAnnotation(DeletePolicyAnnotation);
        if (value is null)
        {
            return policy is null ? null : $"{DeletePolicyAnnotation} is set but {Annotation} is not: only hooks have a delete policy";
        }

        if (PhaseOf(obj) is null)
        {
            return $"{Annotation} \"{value}\" is not one of PreSync, PostSync, SyncFail";
        }

        if (obj.GetName().Length == 0)
        {
            // BeforeHookCreation and the record of a hook's result need a name the sync chooses, not the server.
            return "a hook needs metadata.name (generateName is not supported)";
        }

        var unknown = (policy ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(p => ParsePolicy(p) is null)
            .ToList();
        return unknown.Count == 0 ? null
            : $"{DeletePolicyAnnotation} \"{policy}\": {string.Join(", ", unknown)} is not one of BeforeHookCreation, HookSucceeded, HookFailed";
    }

    /// <summary>One policy by its exact name (no numbers, no None).</summary>
    private static HookDeletePolicy? ParsePolicy(string name) =>
        Enum.TryParse<HookDeletePolicy>(name, ignoreCase: false, out var one) && one != HookDeletePolicy.None && Enum.IsDefined(one) && !char.IsAsciiDigit(name[0])
            ? one
            : null;

    /// <summary>Rendered objects split into the managed ones and the hooks, each keeping its order.</summary>
    public static (IReadOnlyList<Manifest> Managed, IReadOnlyList<Manifest> Hooks) Split(IEnumerable<Manifest> manifests)
    {
        var managed = new List<Manifest>();
        var hooks = new List<Manifest>();
        foreach (var manifest in manifests)
        {
            (IsHook(manifest.Object) ? hooks : managed).Add(manifest);
        }

        return (managed, hooks);
    }
}
