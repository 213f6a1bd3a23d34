namespace GitOpsAgent.Git;

/// <summary>What the webhook endpoint answers: 200 for Accepted/Ignored, 401 for Unauthorized, 400 for BadRequest.</summary>
public enum WebhookVerdict
{
    /// <summary>A verified push; refresh the repositories it names.</summary>
    Accepted,

    /// <summary>A secret is configured and the signature or token is missing or wrong.</summary>
    Unauthorized,

    /// <summary>A known provider's event that is not a push (ping, issues, ...).</summary>
    Ignored,

    /// <summary>Not a recognisable webhook, or a push whose body cannot be read.</summary>
    BadRequest,
}
