using GitOpsAgent.Controller;

namespace GitOpsAgent.Notifications;

/// <summary>
/// Whether this replica speaks for Applications now: it leads, and (with shards) which Applications are its shard's.
/// The host passes the Application controller's own answers, so notifications follow the same leader and shards.
/// </summary>
public sealed record ApplicationOwnership(Func<bool> Leading, Func<AppKey, bool> OwnsApplication)
{
    public bool IsLeading => Leading();

    public bool Owns(AppKey key) => OwnsApplication(key);
}
