namespace GitOpsAgent.Kubernetes;

/// <summary>One entry of a Status' details.causes.</summary>
public sealed record KubernetesStatusCause(string? Field, string? Message, string? Reason);

/// <summary>The API server answered with an error Status.</summary>
public class KubernetesApiException(int statusCode, string reason, string statusMessage, IReadOnlyList<KubernetesStatusCause> causes, string? requestDescription = null)
    : KubernetesException(Describe(statusCode, reason, statusMessage, requestDescription))
{
    public int StatusCode { get; } = statusCode;

    /// <summary>Status.reason, e.g. NotFound, AlreadyExists, Conflict, Invalid, Expired.</summary>
    public string Reason { get; } = reason;

    /// <summary>Status.message as the server wrote it.</summary>
    public string StatusMessage { get; } = statusMessage;

    public IReadOnlyList<KubernetesStatusCause> Causes { get; } = causes;

    private static string Describe(int statusCode, string reason, string statusMessage, string? request) =>
        $"{(request is null ? "" : request + ": ")}{statusCode} {reason}: {statusMessage}";
}

public sealed class KubernetesNotFoundException(string reason, string statusMessage, IReadOnlyList<KubernetesStatusCause> causes, string? request = null)
    : KubernetesApiException(404, reason, statusMessage, causes, request);

/// <summary>A field owned by another manager that an apply wanted to change.</summary>
public sealed record KubernetesFieldConflict(string Manager, string Field);

/// <summary>409: AlreadyExists, a stale resourceVersion, or server-side apply field conflicts (see <see cref="FieldConflicts"/>).</summary>
public sealed class KubernetesConflictException(string reason, string statusMessage, IReadOnlyList<KubernetesStatusCause> causes, string? request = null)
    : KubernetesApiException(409, reason, statusMessage, causes, request)
{
    public bool AlreadyExists => Reason == "AlreadyExists";

    public IReadOnlyList<KubernetesFieldConflict> FieldConflicts { get; } = FieldConflictParser.Parse(causes);
}

/// <summary>410: the resourceVersion or continue token is too old; relist.</summary>
public sealed class KubernetesGoneException(string reason, string statusMessage, IReadOnlyList<KubernetesStatusCause> causes, string? request = null)
    : KubernetesApiException(410, reason, statusMessage, causes, request);

/// <summary>422: the object failed validation; <see cref="KubernetesApiException.Causes"/> name the fields.</summary>
public sealed class KubernetesInvalidException(string reason, string statusMessage, IReadOnlyList<KubernetesStatusCause> causes, string? request = null)
    : KubernetesApiException(422, reason, statusMessage, causes, request);

/// <summary>429 or 5xx that persisted through the client's retries.</summary>
public sealed class KubernetesServerBusyException(int statusCode, string reason, string statusMessage, IReadOnlyList<KubernetesStatusCause> causes, string? request = null)
    : KubernetesApiException(statusCode, reason, statusMessage, causes, request);
