using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Manifests.Rendering;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Rendering;

namespace GitOpsAgent.Controller.Reconcile;

/// <summary>
/// Turns whatever a step threw into a typed outcome: the reason depends on the error and on the stage it came from
/// (a 500 while applying is ApplyFailed, while comparing ClusterUnavailable). An exception nobody expected is an
/// outcome too (InternalError with its message, never a stack trace).
/// </summary>
internal static class ReconcileFailures
{
    private const string ReplaceHint = "a field that cannot change was changed; annotate the object with gitopsagent.io/sync-options: Replace=true to delete and recreate it";

    public static ReconcileOutcome Classify(Exception exception, ReconcileContext context)
    {
        var stage = context.Stage;
        var message = exception.Message;
        if (exception is ResourceOperationException operation)
        {
            stage = operation.Stage;
            exception = operation.InnerException!;
        }

        return exception switch
        {
            InvalidSpecException => ReconcileOutcome.Stall(ConditionReasons.InvalidSpec, message),
            CredentialsNotFoundException => ReconcileOutcome.Stall(ConditionReasons.CredentialsNotFound, message),
            Destinations.InvalidKubeConfigException => ReconcileOutcome.Stall(ConditionReasons.InvalidKubeConfig, message),
            GitSourceException git => FromGit(git),
            Rendering.Charts.ChartSourceException chart => FromChart(chart),
            RenderException render => FromRender(render, context),
            ManifestParseException => ReconcileOutcome.Stall(ConditionReasons.InvalidManifest, RenderMessage(context, message)),
            DuplicateManifestException => ReconcileOutcome.Stall(ConditionReasons.DuplicateResource, RenderMessage(context, message)),
            KubernetesUnknownKindException => ReconcileOutcome.Retry(ConditionReasons.KindNotFound, message),
            KubernetesApiException api => FromApi(api, stage, message),
            TimeoutException when stage == ReconcileStage.Apply => ReconcileOutcome.Retry(ConditionReasons.ApplyFailed, message),
            KubernetesException or TimeoutException or HttpRequestException or IOException => ReconcileOutcome.Retry(ConditionReasons.ClusterUnavailable, message),
            _ => ReconcileOutcome.Retry(ConditionReasons.InternalError, $"{exception.GetType().Name}: {exception.Message}"),
        };
    }

    /// <summary>
    /// A Forbidden outcome of an Application that acts as a ServiceAccount names it; one where the API server refused
    /// the impersonation itself (the controller may not act as that ServiceAccount) is ImpersonationForbidden.
    /// </summary>
    public static ReconcileOutcome WithIdentity(ReconcileOutcome outcome, ReconcileContext context)
    {
        if (outcome.Reason != ConditionReasons.Forbidden || context.ServiceAccount is not { } account)
        {
            return outcome;
        }

        return outcome.Message.Contains("cannot impersonate resource", StringComparison.Ordinal)
            ? outcome with
            {
                Reason = ConditionReasons.ImpersonationForbidden,
                Message = $"{outcome.Message} (the controller may not act as ServiceAccount {account}: grant it the impersonate verb on that ServiceAccount)",
            }
            : outcome with { Message = $"{outcome.Message} (acting as ServiceAccount {account}: grant it that right, or keep the object out of the Application)" };
    }

    /// <summary>"rendering abc1234 failed, the last synced state stays in effect: file:line: reason".</summary>
    public static string RenderMessage(ReconcileContext context, string message) =>
        $"rendering {context.ShortRevision} failed, the last synced state stays in effect: {message}";

    /// <summary>A Status error as people read it: the message and the causes' fields.</summary>
    public static string Describe(KubernetesApiException ex)
    {
        var causes = ex.Causes.Where(c => !string.IsNullOrEmpty(c.Message)).Select(c => string.IsNullOrEmpty(c.Field) ? c.Message : $"{c.Field}: {c.Message}").ToList();
        return causes.Count == 0 ? ex.Message : $"{ex.Message} ({string.Join("; ", causes)})";
    }

    public static bool IsImmutableFieldError(KubernetesApiException ex) =>
        ex.StatusCode == 422 && (ex.Message.Contains("immutable", StringComparison.OrdinalIgnoreCase)
            || ex.Causes.Any(c => c.Message?.Contains("immutable", StringComparison.OrdinalIgnoreCase) == true));

    private static ReconcileOutcome FromGit(GitSourceException git) => git.Reason switch
    {
        GitFailureReason.RevisionNotFound => ReconcileOutcome.Stall(ConditionReasons.RevisionNotFound, git.Message),
        GitFailureReason.InvalidPath => ReconcileOutcome.Stall(ConditionReasons.InvalidPath, git.Message),
        GitFailureReason.AuthenticationFailed => ReconcileOutcome.Retry(ConditionReasons.AuthenticationFailed, git.Message),
        GitFailureReason.UrlNotAllowed => ReconcileOutcome.Stall(ConditionReasons.SourceNotAllowed, git.Message),
        _ => ReconcileOutcome.Retry(ConditionReasons.GitUnavailable, git.Message),
    };

    /// <summary>A chart that cannot be resolved or pulled: nothing is rendered, so nothing is applied or pruned.</summary>
    private static ReconcileOutcome FromChart(Rendering.Charts.ChartSourceException chart) => chart.Reason switch
    {
        Rendering.Charts.ChartFailureReason.ChartNotFound => ReconcileOutcome.Stall(ConditionReasons.ChartNotFound, chart.Message),
        Rendering.Charts.ChartFailureReason.NoMatchingVersion => ReconcileOutcome.Stall(ConditionReasons.NoMatchingVersion, chart.Message),
        Rendering.Charts.ChartFailureReason.InvalidArchive => ReconcileOutcome.Stall(ConditionReasons.InvalidChartArchive, chart.Message),
        Rendering.Charts.ChartFailureReason.AuthenticationFailed => ReconcileOutcome.Retry(ConditionReasons.AuthenticationFailed, chart.Message),
        Rendering.Charts.ChartFailureReason.UrlNotAllowed => ReconcileOutcome.Stall(ConditionReasons.SourceNotAllowed, chart.Message),
        _ => ReconcileOutcome.Retry(ConditionReasons.ChartPullFailed, chart.Message),
    };

    /// <summary>A render failure at a commit is repeatable: it stalls until the source changes (a timeout is retried).</summary>
    private static ReconcileOutcome FromRender(RenderException render, ReconcileContext context)
    {
        var message = RenderMessage(context, render.Message);
        return render.Reason switch
        {
            RenderFailureReason.Timeout => ReconcileOutcome.Retry(ConditionReasons.RenderFailed, message),
            RenderFailureReason.InvalidManifest => ReconcileOutcome.Stall(ConditionReasons.InvalidManifest, message),
            RenderFailureReason.DuplicateObject => ReconcileOutcome.Stall(ConditionReasons.DuplicateResource, message),
            RenderFailureReason.KustomizeFailed => ReconcileOutcome.Stall(ConditionReasons.KustomizeFailed, message),
            RenderFailureReason.HelmFailed => ReconcileOutcome.Stall(ConditionReasons.HelmFailed, message),
            RenderFailureReason.HelmNotAvailable => ReconcileOutcome.Stall(ConditionReasons.HelmNotAvailable, message),
            RenderFailureReason.SubstitutionFailed => ReconcileOutcome.Stall(ConditionReasons.SubstitutionFailed, message),
            RenderFailureReason.PathNotFound or RenderFailureReason.PathOutsideRepository => ReconcileOutcome.Stall(ConditionReasons.InvalidPath, message),
            _ => ReconcileOutcome.Stall(ConditionReasons.RenderFailed, message),
        };
    }

    private static ReconcileOutcome FromApi(KubernetesApiException api, ReconcileStage stage, string message)
    {
        if (api.StatusCode is 401 or 403)
        {
            return ReconcileOutcome.Retry(ConditionReasons.Forbidden, message);
        }

        if (stage == ReconcileStage.Apply && IsImmutableFieldError(api))
        {
            return ReconcileOutcome.Stall(ConditionReasons.ImmutableFieldChanged, $"{message} ({ReplaceHint})");
        }

        return stage switch
        {
            ReconcileStage.Apply when api is KubernetesConflictException { FieldConflicts.Count: > 0 } =>
                ReconcileOutcome.Retry(ConditionReasons.FieldManagerConflict, $"{message}; set syncPolicy.force, or leave the field to one of the two managers"),
            ReconcileStage.DryRun => ReconcileOutcome.Retry(ConditionReasons.DryRunFailed, message),
            ReconcileStage.Apply => ReconcileOutcome.Retry(ConditionReasons.ApplyFailed, message),
            ReconcileStage.Prune or ReconcileStage.Deletion => ReconcileOutcome.Retry(ConditionReasons.PruneFailed, message),
            _ when api.StatusCode is 429 or >= 500 => ReconcileOutcome.Retry(ConditionReasons.ClusterUnavailable, message),
            _ => ReconcileOutcome.Retry(ConditionReasons.InternalError, message),
        };
    }
}

/// <summary>A failure of one API call on one object; the message names the verb and the object.</summary>
internal sealed class ResourceOperationException(ReconcileStage stage, string what, Exception inner)
    : Exception($"{what}: {(inner is KubernetesApiException api ? ReconcileFailures.Describe(api) : inner.Message)}", inner)
{
    public ReconcileStage Stage { get; } = stage;
}

/// <summary>The Application's spec cannot be acted on (a bad duration, a reference to another namespace).</summary>
internal sealed class InvalidSpecException(string message) : Exception(message);

/// <summary>The Secret named by credentialsSecretRef does not exist.</summary>
internal sealed class CredentialsNotFoundException(string message) : Exception(message);
