using System.Text.Json.Nodes;
using GitOpsAgent.Controller.Cache;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Core.Sync.Operations;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Controller.Reconcile;

/// <summary>The writes of a sync, one step each: applies, replaces, prunes, hooks; and the dry run before them.</summary>
public sealed partial class Reconciler
{
    private const string CrdApiVersion = "apiextensions.k8s.io/v1";

    /// <summary>One step; any failure is rethrown naming the verb and object, after its result is recorded.</summary>
    private async Task ExecuteStepAsync(ReconcileContext context, SyncStep step, bool force, CancellationToken ct)
    {
        var stage = step.Kind == SyncStepKind.Prune ? ReconcileStage.Prune : ReconcileStage.Apply;
        context.Stage = stage;
        ApplyResult result;
        try
        {
            result = step.Kind switch
            {
                SyncStepKind.Apply => await ApplyAsync(context, step, force, ct),
                SyncStepKind.Replace => await ReplaceAsync(context, step, force, ct),
                SyncStepKind.Prune => await PruneAsync(context, step, ct),
                SyncStepKind.CreateHook => await CreateHookAsync(context, step, force, ct),
                SyncStepKind.DeleteHook => await DeleteHookAsync(context, step, ct),
                _ => ApplyResult.Skipped,
            };
        }
        catch (Exception ex) when (ex is KubernetesException or HttpRequestException or TimeoutException)
        {
            Record(context, step, ApplyResult.Failed, ex is KubernetesApiException api ? ReconcileFailures.Describe(api) : ex.Message);
            var verb = step.Kind switch
            {
                SyncStepKind.Prune => "pruning",
                SyncStepKind.CreateHook => "creating hook",
                SyncStepKind.DeleteHook => "deleting hook",
                _ => "applying",
            };
            throw new ResourceOperationException(stage, $"{verb} {step.Key}", ex);
        }

        if (step.Kind != SyncStepKind.DeleteHook)
        {
            Record(context, step, result, step.Reason.Length > 0 ? step.Reason : null);
        }
    }

    /// <summary>The step's result in status.operationState (a hook's entry is replaced when it is created again), and its metric.</summary>
    private void Record(ReconcileContext context, SyncStep step, ApplyResult result, string? message)
    {
        var resources = context.Operation!.Resources ??= [];
        var isHook = step.Kind == SyncStepKind.CreateHook;
        if (isHook)
        {
            resources.RemoveAll(r => r.HookStatus is not null && r.Group == step.Key.Group && r.Kind == step.Key.Kind && (r.Namespace ?? "") == step.Key.Namespace && r.Name == step.Key.Name);
        }

        var staged = step.Stage is { } stage && (isHook || stage != new SyncStage(SyncPhase.Sync, 0)) ? stage : (SyncStage?)null;
        resources.Add(new ResourceResult
        {
            Group = step.Key.Group,
            Version = (step.Desired ?? context.LiveTracked.FirstOrDefault(o => ResourceKey.Of(o) == step.Key))?.GetVersion() ?? "",
            Kind = step.Key.Kind,
            Namespace = NullIfEmpty(step.Key.Namespace),
            Name = step.Key.Name,
            Result = result.ToString(),
            Message = message,
            SyncPhase = staged?.Phase.ToString(),
            SyncWave = staged?.Wave,
            HookStatus = isHook && result != ApplyResult.Failed ? nameof(HookStatus.Running) : null,
            Uid = isHook ? context.LiveHooks.GetValueOrDefault(step.Key)?.GetStringAt("metadata", "uid") : null,
        });
        _metrics.RecordApply(step.Key.Group, step.Key.Kind, result);
    }

    private async Task<ApplyResult> ApplyAsync(ReconcileContext context, SyncStep step, bool force, CancellationToken ct)
    {
        var before = context.Live.GetValueOrDefault(step.Key)?.GetStringAt("metadata", "resourceVersion");
        var applied = await context.Api.ApplyAsync(step.Desired!, new ApplyOptions(_options.FieldManager, force), ct);
        context.Live[step.Key] = WithTypeMeta(applied, step.Desired!);
        if (CustomResourceSchemas.IsCrd(step.Desired!))
        {
            // The established definition, so the wave it belongs to sees it Healthy at once.
            context.Live[step.Key] = WithTypeMeta(await WaitEstablishedAsync(context.Destination.Api, step.Key.Name, ct), step.Desired!);
        }

        // The server writes nothing for an apply that changes nothing: then the diff's difference was not real. An
        // object not in the cache that other managers already wrote was adopted, not created.
        return before is null ? (WrittenByOthers(applied) ? ApplyResult.Configured : ApplyResult.Created)
            : before == applied.GetStringAt("metadata", "resourceVersion") ? ApplyResult.Unchanged
            : ApplyResult.Configured;
    }

    private bool WrittenByOthers(JsonObject applied) =>
        (applied.GetArrayAt("metadata", "managedFields") ?? []).OfType<JsonObject>().Any(e => e.GetStringAt("manager") is { Length: > 0 } m && m != _options.FieldManager);

    /// <summary>Replace=true: delete, wait until it is gone (bounded), then create by applying.</summary>
    private async Task<ApplyResult> ReplaceAsync(ReconcileContext context, SyncStep step, bool force, CancellationToken ct)
    {
        var desired = step.Desired!;
        var ns = NullIfEmpty(step.Key.Namespace);
        await context.Api.DeleteAsync(desired.GetApiVersion(), desired.GetKind(), ns, step.Key.Name, new DeleteOptions("Background"), ct);
        await WaitGoneAsync(context, desired, step.Key, "Replace=true", ct);
        var applied = await context.Api.ApplyAsync(desired, new ApplyOptions(_options.FieldManager, force), ct);
        context.Live[step.Key] = WithTypeMeta(applied, desired);
        return ApplyResult.Replaced;
    }

    /// <summary>Deletes an object we track, with its uid as precondition so a re-created namesake is never deleted.</summary>
    private static async Task<ApplyResult> PruneAsync(ReconcileContext context, SyncStep step, CancellationToken ct)
    {
        var live = context.LiveTracked.First(o => ResourceKey.Of(o) == step.Key);
        var uid = live.GetStringAt("metadata", "uid");
        await context.Api.DeleteAsync(live.GetApiVersion(), live.GetKind(), NullIfEmpty(step.Key.Namespace), step.Key.Name, new DeleteOptions("Foreground", PreconditionUid: uid), ct);
        return ApplyResult.Pruned;
    }

    /// <summary>
    /// Applies a hook; a namesake another Application tracks is refused (taking it over would make the two fight, and
    /// BeforeHookCreation would delete the other's object next time).
    /// </summary>
    private async Task<ApplyResult> CreateHookAsync(ReconcileContext context, SyncStep step, bool force, CancellationToken ct)
    {
        var desired = step.Desired!;
        await EnsureNotOwnedElsewhereAsync(context, step.Key, desired, ct);
        var before = context.LiveHooks.GetValueOrDefault(step.Key)?.GetStringAt("metadata", "resourceVersion");
        var applied = WithTypeMeta(await context.Api.ApplyAsync(desired, new ApplyOptions(_options.FieldManager, force), ct), desired);
        context.LiveHooks[step.Key] = applied;
        return before is null ? ApplyResult.Created
            : before == applied.GetStringAt("metadata", "resourceVersion") ? ApplyResult.Unchanged
            : ApplyResult.Configured;
    }

    /// <summary>A hook not yet ours in the cluster must not be another Application's object (one GET; ours are in the cache).</summary>
    private static async Task EnsureNotOwnedElsewhereAsync(ReconcileContext context, ResourceKey key, JsonObject hook, CancellationToken ct)
    {
        if (!context.LiveHooks.ContainsKey(key)
            && await context.Api.GetAsync(hook.GetApiVersion(), hook.GetKind(), NullIfEmpty(key.Namespace), key.Name, ct) is { } existing
            && Tracking.OwnerOf(existing) is { } owner && owner != context.Identity)
        {
            throw new HookOwnedElsewhereException($"hook {key} is managed by Application {owner.Namespace}/{owner.Name}: an object belongs to one Application; rename the hook (nothing more was applied)");
        }
    }

    /// <summary>Deletes a hook of ours by its delete policy, with its uid as precondition; before it is created again, waits until it is gone.</summary>
    private async Task<ApplyResult> DeleteHookAsync(ReconcileContext context, SyncStep step, CancellationToken ct)
    {
        if (!context.LiveHooks.Remove(step.Key, out var live))
        {
            return ApplyResult.Unchanged;
        }

        try
        {
            await context.Api.DeleteAsync(live.GetApiVersion(), live.GetKind(), NullIfEmpty(step.Key.Namespace), step.Key.Name,
                new DeleteOptions("Background", PreconditionUid: live.GetStringAt("metadata", "uid")), ct);
        }
        catch (KubernetesNotFoundException)
        {
            return ApplyResult.Unchanged;
        }

        if (step.Reason.StartsWith(nameof(HookDeletePolicy.BeforeHookCreation), StringComparison.Ordinal))
        {
            await WaitGoneAsync(context, live, step.Key, nameof(HookDeletePolicy.BeforeHookCreation), ct);
        }

        return ApplyResult.Pruned;
    }

    /// <summary>After a delete: until the object is gone (bounded), before its namesake is created.</summary>
    private async Task WaitGoneAsync(ReconcileContext context, JsonObject obj, ResourceKey key, string why, CancellationToken ct)
    {
        var deadline = _time.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (await context.Api.GetAsync(obj.GetApiVersion(), obj.GetKind(), NullIfEmpty(key.Namespace), key.Name, ct) is not null)
        {
            if (_time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"{key} was not gone 60s after its deletion for {why}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), _time, ct);
        }
    }

    /// <summary>
    /// Server-side dry run of every apply, so a sync the server would reject (invalid, forbidden) applies nothing at
    /// all. Returns the outcome when any is refused, naming each. <paramref name="steps"/> are the applies and hook
    /// creations of the whole sync (a hook is dry-run too, so a PreSync Job the server would refuse stops it first).
    /// </summary>
    private async Task<ReconcileOutcome?> DryRunAsync(ReconcileContext context, IReadOnlyList<SyncStep> steps, bool force, CancellationToken ct)
    {
        context.Stage = ReconcileStage.DryRun;
        var definedHere = CustomResourceSchemas.KindsDefinedBy(context.Desired);
        var namespacesCreatedHere = steps.Where(s => s.Kind == SyncStepKind.Apply && s.Key is { Group: "", Kind: "Namespace" }).Select(s => s.Key.Name)
            .Append(context.App.Spec.SyncPolicy?.CreateNamespace == true ? context.App.Spec.Destination?.Namespace : null)
            .OfType<string>()
            .ToHashSet();
        var refused = new List<(SyncStep Step, KubernetesApiException Error)>();
        foreach (var step in steps.Where(s => s.Kind is SyncStepKind.Apply or SyncStepKind.CreateHook))
        {
            try
            {
                await context.Api.ApplyAsync(step.Desired!, new ApplyOptions(_options.FieldManager, force, DryRun: true), ct);
            }
            catch (KubernetesUnknownKindException) when (definedHere.Contains((step.Key.Group, step.Key.Kind)))
            {
                // Defined by a CRD of this same sync: it can only be validated once that CRD exists.
            }
            catch (KubernetesApiException ex) when (ex.StatusCode == 404 && (definedHere.Contains((step.Key.Group, step.Key.Kind)) || namespacesCreatedHere.Contains(step.Key.Namespace)))
            {
                // Its CRD or its namespace is created by this same sync, so the server cannot dry-run it yet.
            }
            catch (KubernetesApiException ex) when (ReconcileFailures.IsImmutableFieldError(ex))
            {
                // Reported by the real apply with the Replace=true hint.
            }
            catch (KubernetesApiException ex)
            {
                refused.Add((step, ex));
            }
            catch (Exception ex) when (ex is KubernetesException or HttpRequestException)
            {
                throw new ResourceOperationException(ReconcileStage.DryRun, $"dry run of {step.Key}", ex);
            }
        }

        if (refused.Count == 0)
        {
            return null;
        }

        var forbidden = refused.Any(r => r.Error.StatusCode is 401 or 403);
        var conflicts = !forbidden && refused.All(r => r.Error is KubernetesConflictException { FieldConflicts.Count: > 0 });
        var message = $"dry run {(forbidden ? "was forbidden" : "failed")}, nothing was applied: "
            + string.Join("; ", refused.Select(r => $"{r.Step.Key}: {ReconcileFailures.Describe(r.Error)}"))
            + (conflicts ? "; set syncPolicy.force, or leave the fields to one of the managers" : "");
        foreach (var (step, error) in refused)
        {
            Record(context, step, ApplyResult.Failed, ReconcileFailures.Describe(error));
        }

        var reason = forbidden ? ConditionReasons.Forbidden : conflicts ? ConditionReasons.FieldManagerConflict : ConditionReasons.DryRunFailed;
        return ReconcileOutcome.Retry(reason, message);
    }

    /// <summary>syncPolicy.createNamespace: the destination namespace, created but not tracked (pruning must never delete a namespace it did not render).</summary>
    private async Task EnsureDestinationNamespaceAsync(ReconcileContext context, bool force, CancellationToken ct)
    {
        var ns = context.App.Spec.Destination?.Namespace;
        if (context.App.Spec.SyncPolicy?.CreateNamespace != true || string.IsNullOrEmpty(ns)
            || context.Desired.Any(m => m.Key is { Group: "", Kind: "Namespace" } k && k.Name == ns))
        {
            return;
        }

        context.Stage = ReconcileStage.Apply;
        try
        {
            if (await context.Api.GetAsync("v1", "Namespace", null, ns, ct) is null)
            {
                await context.Api.ApplyAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }, new ApplyOptions(_options.FieldManager, force), ct);
            }
        }
        catch (Exception ex) when (ex is KubernetesException or HttpRequestException)
        {
            throw new ResourceOperationException(ReconcileStage.Apply, $"creating namespace {ns}", ex);
        }
    }

    private async Task<JsonObject> WaitEstablishedAsync(IKubernetesApi destination, string crdName, CancellationToken ct)
    {
        var deadline = _time.GetUtcNow() + _options.CrdEstablishTimeout;
        while (true)
        {
            var crd = await destination.GetAsync(CrdApiVersion, "CustomResourceDefinition", null, crdName, ct);
            var established = (crd?.GetArrayAt("status", "conditions") ?? []).OfType<JsonObject>()
                .Any(c => c.GetStringAt("type") == "Established" && c.GetStringAt("status") == "True");
            if (established)
            {
                destination.InvalidateDiscovery();
                return crd!;
            }

            if (_time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"CustomResourceDefinition {crdName} was not Established within {_options.CrdEstablishTimeout.TotalSeconds:0}s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), _time, ct);
        }
    }

    /// <summary>Field managers other than ours that touched the drifted objects: the likely other writer.</summary>
    private string OtherWriters(ReconcileContext context)
    {
        var managers = context.Diffs!.Where(d => d.Action == DiffAction.Modified)
            .SelectMany(d => context.Live.TryGetValue(d.Key, out var live) ? (live.GetArrayAt("metadata", "managedFields") ?? []).OfType<JsonObject>() : [])
            .Select(entry => entry.GetStringAt("manager"))
            .Where(m => !string.IsNullOrEmpty(m) && m != _options.FieldManager)
            .Distinct()
            .ToList();
        return managers.Count == 0 ? "unknown field manager" : "field managers: " + string.Join(", ", managers);
    }

    private static JsonObject WithTypeMeta(JsonObject obj, JsonObject desired)
    {
        obj["apiVersion"] ??= desired.GetApiVersion();
        obj["kind"] ??= desired.GetKind();
        return obj;
    }
}

/// <summary>A hook names an object another Application tracks.</summary>
internal sealed class HookOwnedElsewhereException(string message) : Exception(message);
