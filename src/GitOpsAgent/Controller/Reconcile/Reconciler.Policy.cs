using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Policy;
using GitOpsAgent.Core.Status;

namespace GitOpsAgent.Controller.Reconcile;

public sealed partial class Reconciler
{
    /// <summary>Before any Git request: may this Application use its repository, and create the namespace its spec asks for?</summary>
    private Task<ReconcileOutcome?> CheckSourcePolicyAsync(ReconcileContext context, CancellationToken ct) => CheckPolicyAsync(context, [], ct);

    /// <summary>After rendering, before anything is read or written: may it deploy every object? A violation blocks the whole sync.</summary>
    private Task<ReconcileOutcome?> CheckObjectPolicyAsync(ReconcileContext context, CancellationToken ct) =>
        CheckPolicyAsync(context, context.Desired.Select(m => m.Key).ToList(), ct);

    /// <summary>
    /// Evaluates the AppPolicies that govern the Application's namespace (read from the Application object, never from
    /// Git) purely, and stalls listing every violation; records the verdict (takeover) for the comparison.
    /// </summary>
    private async Task<ReconcileOutcome?> CheckPolicyAsync(ReconcileContext context, IReadOnlyList<ResourceKey> objects, CancellationToken ct)
    {
        if (await _policies.GetAsync(ct) is not { } policies)
        {
            return ReconcileOutcome.Retry(ConditionReasons.ClusterUnavailable,
                "the AppPolicies have not been listed yet (watch of apppolicies.gitopsagent.io), so nothing is applied until they are");
        }

        var spec = context.App.Spec;
        var request = new PolicyRequest(context.Key.Namespace, spec.Source.RepoURL, objects)
        {
            CreatesNamespace = spec.SyncPolicy?.CreateNamespace == true ? DestinationNamespace(context) : null,
        };
        var governing = GoverningPolicies.For(context.Key.Namespace, _options.EffectiveControllerNamespace, policies);
        var verdict = PolicyEvaluator.Evaluate(request, governing, _options.EffectiveControllerNamespace);
        context.Policy = verdict;
        if (verdict.Allowed)
        {
            return null;
        }

        Log.PolicyViolated(_logger, context.Key, verdict.Violations.Count, verdict.GovernedBy);
        return ReconcileOutcome.Stall(ConditionReasons.PolicyViolation, verdict.Describe());
    }

    /// <summary>Where namespaced objects without a namespace go: spec.destination.namespace, else the Application's own.</summary>
    private static string DestinationNamespace(ReconcileContext context) => ApplicationComparison.DestinationNamespace(context.Identity, context.App);
}
