using System.Text.Json.Nodes;
using GitOpsAgent.Controller.Cache;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Controller.Reconcile;

public sealed partial class Reconciler
{
    /// <summary>Deleting Application: with our finalizer, delete what it deployed first; without it, leave everything (orphan).</summary>
    private async Task<ReconcileOutcome?> HandleDeletionAsync(ReconcileContext context, CancellationToken ct)
    {
        context.Stage = ReconcileStage.Deletion;
        if (context.App.Metadata.DeletionTimestamp is null)
        {
            return null;
        }

        var finalizers = context.App.Metadata.Finalizers ?? [];
        if (!finalizers.Contains(AppAnnotations.ResourcesFinalizer))
        {
            context.Gone = true;
            return ReconcileOutcome.Succeeded;
        }

        if (context.Suspended)
        {
            return ReconcileOutcome.Stall(ConditionReasons.DeletionBlocked, "the Application is suspended: its objects are not deleted until spec.suspend is false");
        }

        // Hooks of the last sync are ours too, though not in status.resources.
        var hooks = (context.PreviousStatus.OperationState?.Resources ?? []).Where(r => r.HookStatus is not null)
            .Select(r => (r.Group, r.Version, r.Kind));
        foreach (var (group, version, kind) in (context.PreviousStatus.Resources ?? []).Select(r => (r.Group, r.Version, r.Kind)).Concat(hooks).Distinct())
        {
            await context.Destination.Cache.EnsureWatchingAsync(group.Length == 0 ? version : $"{group}/{version}", kind, ct);
        }

        var remaining = context.Destination.Cache.ListTracked(Tracking.LabelValue(context.Identity)).Where(o => Tracking.IsOwnedBy(o, context.Identity)).ToList();
        foreach (var obj in PruneOrder.ForPruning(remaining, ResourceKey.Of))
        {
            var key = ResourceKey.Of(obj);
            try
            {
                await context.Api.DeleteAsync(obj.GetApiVersion(), obj.GetKind(), NullIfEmpty(obj.GetNamespace()), obj.GetName(), new DeleteOptions("Foreground"), ct);
            }
            catch (Exception ex) when (ex is KubernetesException or HttpRequestException)
            {
                throw new ResourceOperationException(ReconcileStage.Deletion, $"deleting {key}", ex);
            }

            _metrics.RecordApply(key.Group, key.Kind, ApplyResult.Pruned);
        }

        if (remaining.Count > 0)
        {
            Log.CascadeDeleting(_logger, context.Key, remaining.Count);
            return ReconcileOutcome.Wait(ConditionReasons.Deleting, $"deleting {remaining.Count} object(s) before the Application goes", TimeSpan.FromSeconds(2));
        }

        await PatchFinalizersAsync(context, finalizers.Where(f => f != AppAnnotations.ResourcesFinalizer), ct);
        Forget(context.Key);
        context.Gone = true;
        return ReconcileOutcome.Succeeded;
    }

    /// <summary>spec.deletionPolicy: Delete adds our finalizer; Orphan (the default) removes it.</summary>
    private async Task<ReconcileOutcome?> EnsureFinalizerAsync(ReconcileContext context, CancellationToken ct)
    {
        var finalizers = context.App.Metadata.Finalizers ?? [];
        var wantsFinalizer = string.Equals(context.App.Spec.DeletionPolicy, "Delete", StringComparison.Ordinal);
        var hasFinalizer = finalizers.Contains(AppAnnotations.ResourcesFinalizer);
        if (wantsFinalizer == hasFinalizer || context.Suspended)
        {
            return null;
        }

        var updated = wantsFinalizer ? finalizers.Append(AppAnnotations.ResourcesFinalizer) : finalizers.Where(f => f != AppAnnotations.ResourcesFinalizer);
        await PatchFinalizersAsync(context, updated, ct);
        return null;
    }

    /// <summary>Replaces the Application's finalizers, with its resourceVersion as precondition so a concurrent edit is not lost.</summary>
    private Task PatchFinalizersAsync(ReconcileContext context, IEnumerable<string> finalizers, CancellationToken ct)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)f).ToArray()),
                ["resourceVersion"] = context.App.Metadata.ResourceVersion,
            },
        };
        return _kube.PatchAsync(Application.ApiVersionValue, Application.KindValue, context.Key.Namespace, context.Key.Name, patch, PatchType.Merge, ct);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
