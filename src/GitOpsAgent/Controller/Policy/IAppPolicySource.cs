using GitOpsAgent.Core.Policy;

namespace GitOpsAgent.Controller.Policy;

/// <summary>The AppPolicies in the cluster, for the reconcile's policy check.</summary>
public interface IAppPolicySource
{
    /// <summary>Every AppPolicy now; empty when the AppPolicy CRD is not installed (none can exist); null while not known yet.</summary>
    Task<IReadOnlyList<NamedPolicy>?> GetAsync(CancellationToken ct);
}
