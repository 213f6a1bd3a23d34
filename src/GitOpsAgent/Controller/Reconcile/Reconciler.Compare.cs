using System.Text.Json.Nodes;
using GitOpsAgent.Controller.Cache;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Controller.Reconcile;

public sealed partial class Reconciler
{
    private static readonly TimeSpan SelfHealCalmPeriod = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Diffs every desired object against the cluster cache, and finds tracked objects that left Git. Only a 404 means
    /// absent: any other failure to read live state fails the reconcile, so nothing is applied or pruned on a guess.
    /// </summary>
    private async Task<ReconcileOutcome?> CompareAsync(ReconcileContext context, CancellationToken ct)
    {
        context.Stage = ReconcileStage.Compare;
        var (watchable, unknownKinds) = await WatchKindsAsync(context, ct);
        if (unknownKinds.Count > 0)
        {
            return ReconcileOutcome.Retry(ConditionReasons.KindNotFound,
                $"the cluster does not serve {string.Join(", ", unknownKinds)}: install its CustomResourceDefinition, or add it to this Application");
        }

        context.Memory.Kinds = watchable;
        var owners = new List<string>();
        foreach (var manifest in context.Desired)
        {
            if (await GetLiveAsync(context, manifest, watchable, ct) is not { } live)
            {
                continue;
            }

            context.Live[manifest.Key] = live;
            if (Tracking.OwnerOf(live) is { } owner && owner != context.Identity)
            {
                owners.Add($"{manifest.Key} is managed by Application {owner.Namespace}/{owner.Name}");
            }
        }

        var options = ApplicationComparison.DiffOptions(_options.FieldManager, context.App, await context.Destination.Schemas.ListTypesAsync(context.Desired, ct), includeUnifiedDiff: false);
        SplitTracked(context);
        context.Diffs = DesiredStateComparer.Compare(context.Desired.Select(m => m.Object).ToList(), context.Live.GetValueOrDefault, context.LiveTracked, options);
        await NoteDriftAsync(context, ct);
        if (owners.Count > 0 && context.Policy?.AllowsTakeOver != true)
        {
            // Taking it over would make two Applications fight over it, and the loser would later prune it.
            return ReconcileOutcome.Stall(ConditionReasons.OwnedByAnotherApplication,
                $"{string.Join("; ", owners)}: an object belongs to one Application; remove it from one of them (nothing was applied)");
        }

        return null;
    }

    /// <summary>
    /// Our objects in the cluster: hooks (annotated, or named by a hook in Git) apart from the managed ones, since a
    /// hook is never compared, counted as OutOfSync or pruned.
    /// </summary>
    private static void SplitTracked(ReconcileContext context)
    {
        var hookKeys = context.Hooks.Select(h => h.Key).ToHashSet();
        var tracked = new List<JsonObject>();
        context.LiveHooks.Clear();
        foreach (var live in context.Destination.Cache.ListTracked(Tracking.LabelValue(context.Identity)).Where(o => Tracking.IsOwnedBy(o, context.Identity)))
        {
            var key = ResourceKey.Of(live);
            if (hookKeys.Contains(key) || (Hook.IsHook(live) && !context.Live.ContainsKey(key)))
            {
                context.LiveHooks[key] = live;
            }
            else
            {
                tracked.Add(live);
            }
        }

        context.LiveTracked = tracked;
    }

    /// <summary>Watches every kind in play; a kind the cluster does not serve is only an error when Git still has objects of it.</summary>
    private static async Task<(HashSet<(string ApiVersion, string Kind)> Watchable, List<string> Unknown)> WatchKindsAsync(ReconcileContext context, CancellationToken ct)
    {
        var kinds = context.Desired.Concat(context.Hooks).Select(m => (m.Object.GetApiVersion(), m.Object.GetKind()))
            .Concat((context.PreviousStatus.Resources ?? []).Select(r => (r.Group.Length == 0 ? r.Version : $"{r.Group}/{r.Version}", r.Kind)))
            .ToHashSet();
        var definedHere = CustomResourceSchemas.KindsDefinedBy(context.Desired);
        var watchable = new HashSet<(string ApiVersion, string Kind)>();
        var unknown = new List<string>();
        foreach (var (apiVersion, kind) in kinds)
        {
            try
            {
                if (!context.Destination.Cache.IsWatching(apiVersion, kind))
                {
                    // A watch of an unknown kind would only retry in the background until the compare times out: ask discovery first.
                    await context.Destination.Api.ResolveAsync(apiVersion, kind, ct);
                }

                await context.Destination.Cache.EnsureWatchingAsync(apiVersion, kind, ct);
                watchable.Add((apiVersion, kind));
            }
            catch (KubernetesUnknownKindException) when (definedHere.Contains((KubeObjectExtensions.SplitApiVersion(apiVersion).Group, kind)))
            {
                // Its CRD is part of this Application and not applied yet: every such object is a create.
            }
            catch (KubernetesUnknownKindException)
            {
                // Only from the last status (no longer in Git): no object of a kind the cluster does not serve can be left to prune.
                if (context.Desired.Concat(context.Hooks).Any(m => m.Object.GetApiVersion() == apiVersion && m.Object.GetKind() == kind))
                {
                    unknown.Add($"{kind} ({apiVersion})");
                }
            }
        }

        return (watchable, unknown);
    }

    /// <summary>
    /// The live object, from the watch cache: it holds every object that carries a tracking label (ours or another
    /// Application's), so absence there means "not ours to compare": the object is created, or adopted by the apply,
    /// without a GET per object (a cold start of 10 objects costs 2 requests each, not 3). An Application acting as a
    /// ServiceAccount takes from the controller's cache only objects it tracks itself and reads any other as the
    /// ServiceAccount (RBAC decides what it may see); the absence it learns from the cache only leads to an apply as
    /// the ServiceAccount, which the server authorizes (docs/decisions.md).
    /// </summary>
    private static async Task<JsonObject?> GetLiveAsync(ReconcileContext context, Manifest manifest, HashSet<(string ApiVersion, string Kind)> watchable, CancellationToken ct)
    {
        var desired = manifest.Object;
        var apiVersion = desired.GetApiVersion();
        var kind = desired.GetKind();
        if (!watchable.Contains((apiVersion, kind)))
        {
            return null;
        }

        var ns = NullIfEmpty(desired.GetNamespace());
        var cached = context.Destination.Cache.Get(apiVersion, kind, ns, desired.GetName());
        if (cached is null && !SyncPlanner.WantsReplace(desired))
        {
            return null;
        }

        // Replace=true of an untracked namesake must see it, or an immutable field would fail its apply for ever.
        if (cached is not null && (context.ServiceAccount is null || Tracking.IsOwnedBy(cached, context.Identity)))
        {
            return cached;
        }

        try
        {
            var found = await context.Api.GetAsync(apiVersion, kind, ns, desired.GetName(), ct);
            if (found is not null)
            {
                found["apiVersion"] ??= apiVersion;
                found["kind"] ??= kind;
            }

            return found;
        }
        catch (Exception ex) when (ex is KubernetesException or HttpRequestException)
        {
            throw new ResourceOperationException(ReconcileStage.Compare, $"reading {manifest.Key}", ex);
        }
    }

    /// <summary>Drift: out of sync at the revision that was in sync. A Warning Event and a metric; the calm spell resets the self-heal backoff.</summary>
    private async Task NoteDriftAsync(ReconcileContext context, CancellationToken ct)
    {
        var drifted = context.Diffs!.Where(d => !d.IsInSync).ToList();
        var wasSyncedAtRevision = context.PreviousStatus.Sync?.Status == "Synced" && context.PreviousStatus.Sync?.Revision == context.Revision;
        if (drifted.Count > 0 && wasSyncedAtRevision)
        {
            _metrics.RecordDrift(context.Key.Namespace, context.Key.Name);
            var names = string.Join(", ", drifted.Take(5).Select(DesiredStateComparer.Describe)) + (drifted.Count > 5 ? $" and {drifted.Count - 5} more" : "");
            Log.DriftDetected(_logger, context.Key, names);
            await _events.RecordAsync(context.AppObject, StatusEvent.Warning, "DriftDetected", $"Live state drifted from {context.ShortRevision}: {names}.", ct);
        }

        // A writer that reverts us a moment after each self-heal leaves us briefly in sync every time: only a calm spell
        // resets the self-heal backoff, or it would never engage against such a writer.
        if (drifted.Count == 0 && _time.GetUtcNow() - context.Memory.LastSelfHeal > SelfHealCalmPeriod)
        {
            context.Memory.SelfHeals = 0;
        }
    }
}
