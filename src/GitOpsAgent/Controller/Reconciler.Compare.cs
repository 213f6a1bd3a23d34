using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Controller;

public sealed partial class Reconciler
{
    private static readonly TimeSpan SelfHealCalmPeriod = TimeSpan.FromMinutes(5);

    /// <summary>Diff every desired object against the cluster cache, and find tracked objects that left Git.</summary>
    private async Task<ReconcileResult?> CompareAsync(ReconcileContext context, AppMemory memory, CancellationToken ct)
    {
        var kinds = context.Desired.Select(m => (m.Object.GetApiVersion(), m.Object.GetKind()))
            .Concat((context.PreviousStatus.Resources ?? []).Select(r => (r.Group.Length == 0 ? r.Version : $"{r.Group}/{r.Version}", r.Kind)))
            .ToHashSet();
        var definedHere = CustomResourceSchemas.KindsDefinedBy(context.Desired);
        var watchable = new HashSet<(string ApiVersion, string Kind)>();
        var unknownKinds = new List<string>();
        foreach (var (apiVersion, kind) in kinds)
        {
            try
            {
                if (!_cache.IsWatching(apiVersion, kind))
                {
                    // A watch of an unknown kind would only retry in the background until the compare times out: ask discovery first.
                    await _kube.ResolveAsync(apiVersion, kind, ct);
                }

                await _cache.EnsureWatchingAsync(apiVersion, kind, ct);
                watchable.Add((apiVersion, kind));
            }
            catch (KubernetesUnknownKindException) when (definedHere.Contains((KubeObjectExtensions.SplitApiVersion(apiVersion).Group, kind)))
            {
                // Its CRD is part of this Application and not applied yet: every such object is a create.
            }
            catch (KubernetesUnknownKindException)
            {
                // Only from the last status (no longer in Git): no object of a kind the cluster does not serve can be left to prune.
                if (context.Desired.Any(m => m.Object.GetApiVersion() == apiVersion && m.Object.GetKind() == kind))
                {
                    unknownKinds.Add($"{kind} ({apiVersion})");
                }
            }
        }

        if (unknownKinds.Count > 0)
        {
            return KindsNotFound(context, memory, unknownKinds);
        }

        memory.Kinds = watchable;
        var options = new DiffOptions(_options.FieldManager, IgnoreRules(context.App), await _schemas.ListTypesAsync(context.Desired, ct))
        {
            IncludeUnifiedDiff = false,
        };
        var diffs = new List<ResourceDiff>(context.Desired.Count);
        foreach (var manifest in context.Desired)
        {
            var obj = manifest.Object;
            var live = await GetLiveAsync(obj, watchable, ct);
            if (live is not null)
            {
                context.Live[manifest.Key] = live;
            }

            diffs.Add(ResourceDiffer.Diff(obj, live, options));
        }

        var desiredKeys = context.Desired.Select(m => m.Key).ToHashSet();
        context.LiveTracked = _cache.ListTracked(Tracking.LabelValue(context.Identity)).Where(o => Tracking.IsOwnedBy(o, context.Identity)).ToList();
        foreach (var orphan in context.LiveTracked.Where(o => !desiredKeys.Contains(ResourceKey.Of(o))))
        {
            diffs.Add(ResourceDiffer.Diff(null, orphan, options));
        }

        context.Diffs = diffs;
        var inSync = diffs.All(d => d.Action == DiffAction.InSync);
        var wasSyncedAtRevision = context.PreviousStatus.Sync?.Status == "Synced" && context.PreviousStatus.Sync?.Revision == context.Revision;
        if (!inSync && wasSyncedAtRevision)
        {
            _metrics.RecordDrift(context.Key.Namespace, context.Key.Name);
            var drifted = string.Join(", ", diffs.Where(d => d.Action != DiffAction.InSync).Take(5).Select(d => $"{d.Key} ({d.Action})"));
            Log.DriftDetected(_logger, context.Key, drifted);
            await _events.NormalAsync(context.AppObject, "DriftDetected", $"Live state drifted from {ShortSha(context.Revision)}: {drifted}", ct);
        }

        // A writer that reverts us a moment after each self-heal leaves us briefly in sync every time: only a calm spell
        // resets the self-heal backoff, or it would never engage against such a writer.
        if (inSync && _time.GetUtcNow() - memory.LastSelfHeal > SelfHealCalmPeriod)
        {
            memory.SelfHeals = 0;
        }

        return null;
    }

    /// <summary>Objects of kinds the cluster does not serve (their CRD is not installed): say so, and retry until it is.</summary>
    private ReconcileResult KindsNotFound(ReconcileContext context, AppMemory memory, List<string> kinds)
    {
        var message = $"the cluster does not serve {string.Join(", ", kinds)}: install its CustomResourceDefinition, or add it to this Application";
        Log.KindsNotFound(_logger, context.Key, message);
        SetCondition(context, ConditionTypes.Ready, false, ConditionReasons.KindNotFound, message);
        SetCondition(context, ConditionTypes.Reconciling, true, ConditionReasons.KindNotFound, $"retrying: {message}");
        context.Status.Sync = new SyncStatusInfo { Status = "OutOfSync", Revision = context.Revision };
        context.Status.ObservedGeneration = context.Generation;
        return RetryLater(context, memory);
    }

    /// <summary>The live object: from the cache when we track it; otherwise one GET (an object we are about to adopt or create).</summary>
    private async Task<JsonObject?> GetLiveAsync(JsonObject desired, HashSet<(string ApiVersion, string Kind)> watchable, CancellationToken ct)
    {
        var apiVersion = desired.GetApiVersion();
        var kind = desired.GetKind();
        if (!watchable.Contains((apiVersion, kind)))
        {
            return null;
        }

        var ns = NullIfEmpty(desired.GetNamespace());
        if (_cache.Get(apiVersion, kind, ns, desired.GetName()) is { } cached)
        {
            return cached;
        }

        try
        {
            var found = await _kube.GetAsync(apiVersion, kind, ns, desired.GetName(), ct);
            if (found is not null)
            {
                found["apiVersion"] ??= apiVersion;
                found["kind"] ??= kind;
            }

            return found;
        }
        catch (KubernetesApiException)
        {
            return null;
        }
    }

    private static List<IgnoreRule> IgnoreRules(Application app) =>
        (app.Spec.IgnoreDifferences ?? [])
            .Select(i => new IgnoreRule(i.Group, i.Kind, i.Name, i.Namespace, i.JsonPointers ?? [], i.ManagedFieldsManagers ?? []))
            .ToList();

    private static string ShortSha(string? sha) => sha is null ? "" : sha[..Math.Min(7, sha.Length)];
}
