namespace GitOpsAgent.Core.Notifications;

/// <summary>
/// One message to send: the Application, its transition, its repository (credentials already removed) and when it
/// happened; <see cref="Folded"/> names the transitions the rate limit held back into this one.
/// </summary>
public sealed record NotificationMessage(
    string Namespace,
    string Application,
    AppTransition Transition,
    string? RepoUrl,
    DateTimeOffset Time,
    Folded Folded)
{
    public string Title => $"{Namespace}/{Application}: {Transition.Event}";

    /// <summary>The message, and what the rate limit folded into it.</summary>
    public string Text => Folded.Count == 0
        ? Transition.Message
        : $"{Transition.Message} ({Folded.Count} earlier transition{(Folded.Count == 1 ? "" : "s")} held back by the rate limit: {string.Join(", ", Folded.Events)})";

    public string ShortRevision => Transition.Revision is { } r ? r[..Math.Min(7, r.Length)] : "-";
}
