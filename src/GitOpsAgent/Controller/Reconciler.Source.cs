using System.Text;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Rendering;

namespace GitOpsAgent.Controller;

public sealed partial class Reconciler
{
    /// <summary>Deleting Application: with our finalizer, delete what it deployed first; without it, leave everything (orphan).</summary>
    private async Task<ReconcileResult?> HandleDeletionAsync(ReconcileContext context, AppMemory memory, CancellationToken ct)
    {
        if (context.App.Metadata.DeletionTimestamp is null)
        {
            return null;
        }

        var finalizers = context.App.Metadata.Finalizers ?? [];
        if (!finalizers.Contains(AppAnnotations.ResourcesFinalizer))
        {
            return ReconcileResult.Done;
        }

        if (context.Suspended)
        {
            SetCondition(context, ConditionTypes.Ready, false, ConditionReasons.DeletionBlocked, "the Application is suspended: its objects are not deleted until spec.suspend is false");
            return Stalled(context);
        }

        foreach (var resource in context.PreviousStatus.Resources ?? [])
        {
            var apiVersion = resource.Group.Length == 0 ? resource.Version : $"{resource.Group}/{resource.Version}";
            await _cache.EnsureWatchingAsync(apiVersion, resource.Kind, ct);
        }

        var remaining = _cache.ListTracked(Tracking.LabelValue(context.Identity)).Where(o => Tracking.IsOwnedBy(o, context.Identity)).ToList();
        foreach (var obj in remaining)
        {
            await _kube.DeleteAsync(obj.GetApiVersion(), obj.GetKind(), NullIfEmpty(obj.GetNamespace()), obj.GetName(), new DeleteOptions("Foreground"), ct);
            _metrics.RecordApply(obj.GetGroup(), obj.GetKind(), "pruned");
        }

        if (remaining.Count > 0)
        {
            Log.CascadeDeleting(_logger, context.Key, remaining.Count);
            return new ReconcileResult(TimeSpan.FromSeconds(2));
        }

        await PatchFinalizersAsync(context, finalizers.Where(f => f != AppAnnotations.ResourcesFinalizer), ct);
        Forget(context.Key);
        return ReconcileResult.Done;
    }

    /// <summary>spec.deletionPolicy: Delete adds our finalizer; Orphan (the default) removes it.</summary>
    private async Task<ReconcileResult?> EnsureFinalizerAsync(ReconcileContext context, AppMemory memory, CancellationToken ct)
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

    /// <summary>
    /// The full commit SHA to render. A reconcile caused only by a managed object's change reuses the last answer
    /// (no Git request); polls, webhooks and Application changes ask the remote (one ls-remote per repository per
    /// poll, shared by all Applications on it).
    /// </summary>
    private async Task<ReconcileResult?> ResolveRevisionAsync(ReconcileContext context, AppMemory memory, CancellationToken ct)
    {
        var source = context.App.Spec.Source;
        var targetRevision = string.IsNullOrEmpty(source.TargetRevision) ? "HEAD" : source.TargetRevision;
        var needsRemote = memory.Revision is null || memory.Checkout is null || context.RefreshRequested
            || (context.Triggers & ~ReconcileTriggers.ObjectChanged) != ReconcileTriggers.None
            || memory.ResolvedFor != (source.RepoURL, targetRevision);
        if (!needsRemote)
        {
            context.Revision = memory.Revision;
            context.Checkout = memory.Checkout;
            return null;
        }

        try
        {
            var credentials = await ReadCredentialsAsync(context, ct);
            // Webhooks invalidate once per push in the endpoint; here only the per-Application refresh annotation does.
            if (context.RefreshRequested)
            {
                _git.Invalidate(source.RepoURL);
            }

            var resolved = await _git.ResolveAsync(source.RepoURL, targetRevision, credentials, ct);
            var checkout = memory.Checkout?.CommitSha == resolved.CommitSha && memory.ResolvedFor == (source.RepoURL, targetRevision)
                ? memory.Checkout
                : await _git.CheckoutAsync(source.RepoURL, resolved.CommitSha, credentials, ct);
            RepositoryPath.ResolveInside(checkout.Directory, source.Path);
            context.Revision = resolved.CommitSha;
            context.Checkout = checkout;
            memory.Revision = resolved.CommitSha;
            memory.Checkout = checkout;
            memory.ResolvedFor = (source.RepoURL, targetRevision);
            return null;
        }
        catch (GitSourceException ex)
        {
            var (reason, stalled) = ex.Reason switch
            {
                GitFailureReason.RevisionNotFound => (ConditionReasons.RevisionNotFound, true),
                GitFailureReason.InvalidPath => (ConditionReasons.InvalidPath, true),
                GitFailureReason.AuthenticationFailed => (ConditionReasons.AuthenticationFailed, false),
                _ => (ConditionReasons.GitUnavailable, false),
            };
            return FailSource(context, memory, reason, ex.Message, stalled);
        }
        catch (CredentialsException ex)
        {
            return FailSource(context, memory, ConditionReasons.AuthenticationFailed, ex.Message, stalled: true);
        }
    }

    private ReconcileResult FailSource(ReconcileContext context, AppMemory memory, string reason, string message, bool stalled)
    {
        Log.SourceFailed(_logger, context.Key, reason, message);
        SetCondition(context, ConditionTypes.Ready, false, reason, message);
        SetCondition(context, ConditionTypes.Stalled, stalled ? true : null, reason, stalled ? message : "");
        SetCondition(context, ConditionTypes.Reconciling, stalled ? false : true, reason, stalled ? "" : $"retrying: {message}");
        context.Status.Sync ??= new SyncStatusInfo();
        context.Status.ObservedGeneration = context.Generation;
        return stalled ? Stalled(context) : RetryLater(context, memory);
    }

    /// <summary>Git credentials from spec.source.credentialsSecretRef: a Secret in the Application's own namespace.</summary>
    private async Task<GitCredentials?> ReadCredentialsAsync(ReconcileContext context, CancellationToken ct)
    {
        var reference = context.App.Spec.Source.CredentialsSecretRef;
        if (reference is null)
        {
            return null;
        }

        // Reading a Secret of another namespace would let any Application author send its credentials to a server of theirs.
        if (!string.IsNullOrEmpty(reference.Namespace) && reference.Namespace != context.Key.Namespace)
        {
            throw new CredentialsException($"credentialsSecretRef must name a Secret in the Application's namespace \"{context.Key.Namespace}\", not \"{reference.Namespace}\"");
        }

        var secret = await _kube.GetAsync("v1", "Secret", context.Key.Namespace, reference.Name, ct)
            ?? throw new CredentialsException($"Secret {context.Key.Namespace}/{reference.Name} named by credentialsSecretRef does not exist");
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in secret.GetObjectAt("data") ?? [])
        {
            if (value?.GetValue<string>() is { } encoded)
            {
                data[key] = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
        }

        return GitCredentials.FromSecretData(data);
    }

    /// <summary>Render the checkout. A failed render keeps the last good state in effect: nothing is applied or pruned.</summary>
    private async Task<ReconcileResult?> RenderAsync(ReconcileContext context, AppMemory memory, CancellationToken ct)
    {
        var source = context.App.Spec.Source;
        try
        {
            var request = new RenderRequest(
                context.Checkout!.Directory,
                string.IsNullOrEmpty(source.Path) ? "." : source.Path,
                source,
                context.App.Spec.Destination?.Namespace,
                $"{RepoUrl.Normalize(source.RepoURL)}@{context.Revision}")
            {
                ApplicationName = context.Key.Name,
            };
            var result = await _renderer.RenderAsync(request, _schemas.Scope, ct);
            context.Desired = result.Objects.Select(m => m with { Object = Tracking.Stamp(m.Object, context.Identity) }).ToList();
            context.RenderSucceeded = true;
            return null;
        }
        catch (RenderException ex)
        {
            var reason = ex.Reason == RenderFailureReason.HelmNotAvailable ? ConditionReasons.HelmNotAvailable : ConditionReasons.RenderFailed;
            Log.RenderFailed(_logger, context.Key, context.Revision ?? "", ex.Message);
            SetCondition(context, ConditionTypes.Ready, false, reason, $"rendering {context.Revision?[..Math.Min(7, context.Revision.Length)]} failed, the last synced state stays in effect: {ex.Message}");
            SetCondition(context, ConditionTypes.Stalled, true, reason, ex.Message);
            SetCondition(context, ConditionTypes.Reconciling, false, reason, "");
            SetCondition(context, ConditionTypes.Synced, null, reason, "cannot tell: the desired state could not be rendered");
            context.Status.Sync = new SyncStatusInfo { Status = "Unknown", Revision = context.Status.Sync?.Revision };
            context.Status.ObservedGeneration = context.Generation;
            await _events.WarningAsync(context.AppObject, "RenderFailed", $"Rendering {context.Revision} failed: {ex.Message}", ct);
            return Stalled(context);
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    /// <summary>The credentials Secret is missing, unreadable or not allowed.</summary>
    private sealed class CredentialsException(string message) : Exception(message);
}
