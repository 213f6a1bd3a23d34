using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Health;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Controller.Reconcile;

public sealed partial class Reconciler
{
    /// <summary>Health of every desired object (Missing when absent) and of the Application as the worst of them; status.resources.</summary>
    private async Task<ReconcileOutcome?> AssessHealthAsync(ReconcileContext context, CancellationToken ct)
    {
        context.Stage = ReconcileStage.Health;
        var facts = new Dictionary<(string ApiVersion, string Kind), KindFacts>();
        foreach (var kind in context.Desired.Select(m => (m.Object.GetApiVersion(), m.Object.GetKind())).Distinct())
        {
            facts[kind] = await KindFactsAsync(context.Destination.Api, kind.Item1, kind.Item2, ct);
        }

        var results = new List<(ResourceKey Key, HealthResult? Health)>();
        var resources = new List<ResourceStatus>();
        var diffs = context.Diffs!.ToDictionary(d => d.Key);
        foreach (var manifest in context.Desired)
        {
            var health = context.Live.TryGetValue(manifest.Key, out var live)
                ? HealthAssessor.Assess(live, HealthOverrides, facts[(manifest.Object.GetApiVersion(), manifest.Object.GetKind())])
                : new HealthResult(HealthStatus.Missing, "not found in the cluster");
            results.Add((manifest.Key, health));
            resources.Add(new ResourceStatus
            {
                Group = manifest.Key.Group,
                Version = manifest.Object.GetVersion(),
                Kind = manifest.Key.Kind,
                Namespace = NullIfEmpty(manifest.Key.Namespace),
                Name = manifest.Key.Name,
                Status = diffs.TryGetValue(manifest.Key, out var d) && !d.IsInSync ? "OutOfSync" : "Synced",
                Health = health is null ? null : new HealthStatusInfo { Status = health.Status.ToString(), Message = string.IsNullOrEmpty(health.Message) ? null : health.Message },
            });
        }

        foreach (var orphan in context.Diffs!.Where(d => d.Action == DiffAction.Prune))
        {
            var live = context.LiveTracked.FirstOrDefault(o => ResourceKey.Of(o) == orphan.Key);
            resources.Add(new ResourceStatus
            {
                Group = orphan.Key.Group,
                Version = live?.GetVersion() ?? "",
                Kind = orphan.Key.Kind,
                Namespace = NullIfEmpty(orphan.Key.Namespace),
                Name = orphan.Key.Name,
                Status = "OutOfSync",
            });
        }

        context.Health = ApplicationHealth.Aggregate(results);
        context.Resources = resources;
        return null;
    }

    /// <summary>What discovery says about a kind that its objects cannot (a status subresource: "no status yet" means "waiting for the operator").</summary>
    private static async Task<KindFacts> KindFactsAsync(IKubernetesApi destination, string apiVersion, string kind, CancellationToken ct)
    {
        try
        {
            var resource = await destination.ResolveAsync(apiVersion, kind, ct);
            return new KindFacts(HasStatusSubresource: resource.Subresources.Contains("status"));
        }
        catch (Kubernetes.KubernetesUnknownKindException)
        {
            return KindFacts.Unknown;
        }
    }
}
