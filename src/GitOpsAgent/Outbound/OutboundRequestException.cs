using System.Net;

namespace GitOpsAgent.Outbound;

/// <summary>
/// A request to a forge, chat or webhook receiver that failed. The message names the method, the URL's scheme,
/// host and path (never its query, which may hold a token) and the status; it never holds a credential.
/// </summary>
public sealed class OutboundRequestException(string message, HttpStatusCode? status, bool retryable, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The HTTP status, or null when no answer came (connection refused, timeout).</summary>
    public HttpStatusCode? Status { get; } = status;

    /// <summary>Worth trying again later: no answer, 429, or a 5xx.</summary>
    public bool Retryable { get; } = retryable;
}
