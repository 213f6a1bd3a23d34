using GitOpsAgent.Core.Health;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Sync.Operations;

/// <summary>How a hook of this sync is doing; a hook not yet created in this sync has no record.</summary>
public enum HookStatus
{
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// A hook this sync created, as status.operationState records it between reconciles. Uid is the object created, so a
/// namesake left by an earlier sync (still in a watch cache a moment after its deletion) is never taken for it.
/// </summary>
public sealed record HookRecord(ResourceKey Key, SyncStage Stage, HookStatus Status, string Message = "", string? Uid = null)
{
    /// <summary>The record after looking at the live hook: a Job until Complete, anything else until Healthy; Degraded is a failure.</summary>
    public HookRecord Observe(LiveHook? live)
    {
        if (Status != HookStatus.Running || live is null || (Uid is not null && live.Uid != Uid))
        {
            return this;
        }

        return live.Health.Status switch
        {
            HealthStatus.Healthy => this with { Status = HookStatus.Succeeded, Message = live.Health.Message },
            HealthStatus.Degraded => this with { Status = HookStatus.Failed, Message = live.Health.Message },
            _ => this with { Message = live.Health.Message },
        };
    }
}

/// <summary>A hook as the cluster has it now: its uid and health.</summary>
public sealed record LiveHook(string? Uid, HealthResult Health);
