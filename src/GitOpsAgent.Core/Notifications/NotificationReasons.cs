namespace GitOpsAgent.Core.Notifications;

/// <summary>The reasons of a Notification's Ready condition (docs/notifications.md says what each means and what to do).</summary>
public static class NotificationReasons
{
    /// <summary>The spec is usable and the last message reached the provider (or none was due yet).</summary>
    public const string Succeeded = "Succeeded";

    /// <summary>The spec cannot be acted on: an unknown event, a missing address, a bad rate limit.</summary>
    public const string InvalidSpec = "InvalidSpec";

    /// <summary>The Secret named by spec.provider.secretRef is missing, or lacks a key the provider needs.</summary>
    public const string SecretNotFound = "SecretNotFound";

    /// <summary>The provider refused the last message or did not answer (after retries); the message says how.</summary>
    public const string ProviderFailed = "ProviderFailed";
}
