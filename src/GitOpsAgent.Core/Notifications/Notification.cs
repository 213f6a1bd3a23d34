using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Core.Notifications;

/// <summary>
/// The gitopsagent.io/v1alpha1 Notification custom resource: the single C# shape of
/// crds/notifications.gitopsagent.io.yaml, read and written with <see cref="ApplicationSerializer.Options"/>.
/// </summary>
public sealed class Notification
{
    public const string KindValue = "Notification";
    public const string Plural = "notifications";

    public string ApiVersion { get; set; } = Application.ApiVersionValue;

    public string Kind { get; set; } = KindValue;

    public ObjectMeta Metadata { get; set; } = new();

    public NotificationSpec Spec { get; set; } = new();

    public NotificationStatus? Status { get; set; }
}

public sealed class NotificationSpec
{
    public ApplicationSelection? Applications { get; set; }

    /// <summary><see cref="NotificationEvent"/> names; none means all.</summary>
    public List<string>? Events { get; set; }

    public NotificationProvider Provider { get; set; } = new();

    public RateLimit? RateLimit { get; set; }

    public bool? Suspend { get; set; }
}

/// <summary>Which Applications of the Notification's namespace: by name ("*" for all) and/or by labels; neither means all.</summary>
public sealed class ApplicationSelection
{
    public List<string>? Names { get; set; }

    public LabelSelector? Selector { get; set; }
}

/// <summary>A Kubernetes label selector.</summary>
public sealed class LabelSelector
{
    public Dictionary<string, string>? MatchLabels { get; set; }

    public List<LabelSelectorRequirement>? MatchExpressions { get; set; }
}

public sealed class LabelSelectorRequirement
{
    public string Key { get; set; } = "";

    /// <summary>In, NotIn, Exists or DoesNotExist.</summary>
    public string Operator { get; set; } = "";

    public List<string>? Values { get; set; }
}

public sealed class NotificationProvider
{
    /// <summary>Webhook, Slack, Teams, GitHub, GitLab, Gitea or Bitbucket.</summary>
    public string Type { get; set; } = "";

    public string? Address { get; set; }

    public SecretReference? SecretRef { get; set; }
}

/// <summary>Per Application: at most Burst messages at once, then one per Interval (a Go duration).</summary>
public sealed class RateLimit
{
    public int? Burst { get; set; }

    public string? Interval { get; set; }
}

public sealed class NotificationStatus
{
    public long? ObservedGeneration { get; set; }

    public string? LastSentAt { get; set; }

    public List<Condition>? Conditions { get; set; }
}
