namespace GitOpsAgent.Rendering.Charts;

/// <summary>Why a chart could not be resolved or pulled; the controller turns each into a condition reason.</summary>
public enum ChartFailureReason
{
    /// <summary>The repository (or registry) has no chart of that name, or no index at all.</summary>
    ChartNotFound,

    /// <summary>No published version satisfies the constraint.</summary>
    NoMatchingVersion,

    /// <summary>A request failed in a way that may pass on a retry (network, timeout, 5xx, 429, an unreadable index).</summary>
    Unavailable,

    /// <summary>The server refused the credentials (401, 403), or asked for some.</summary>
    AuthenticationFailed,

    /// <summary>The archive's bytes do not have the digest the index or the registry promised.</summary>
    DigestMismatch,

    /// <summary>The archive was refused: too large, not a gzip tar, an entry leaving the folder, no Chart.yaml.</summary>
    InvalidArchive,

    /// <summary>The URL is not one the controller fetches charts from (a scheme other than http, https, oci).</summary>
    UrlNotAllowed,
}

/// <summary>A chart source failure with its reason; the message names the URL (never its userinfo) and what went wrong.</summary>
public sealed class ChartSourceException(ChartFailureReason reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public ChartFailureReason Reason { get; } = reason;
}
