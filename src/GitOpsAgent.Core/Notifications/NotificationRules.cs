using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Core.Notifications;

/// <summary>What a Notification's spec means: which Applications, which events, its rate limit, and whether it is valid.</summary>
public static class NotificationRules
{
    public const int DefaultBurst = 3;
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    private static readonly HashSet<string> ProviderTypes = new(StringComparer.Ordinal) { "Webhook", "Slack", "Teams", "GitHub", "GitLab", "Gitea", "Bitbucket" };

    /// <summary>The providers that post to an address (a URL that is usually a credential itself).</summary>
    public static bool PostsToAddress(string providerType) => providerType is "Webhook" or "Slack" or "Teams";

    /// <summary>Every problem of the spec, each naming its field; empty when it can be acted on.</summary>
    public static IReadOnlyList<string> Validate(NotificationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = new List<string>();
        if (!ProviderTypes.Contains(spec.Provider.Type))
        {
            problems.Add($"spec.provider.type \"{spec.Provider.Type}\" is not one of {string.Join(", ", ProviderTypes)}");
        }

        foreach (var name in (spec.Events ?? []).Where(e => !Enum.TryParse<NotificationEvent>(e, ignoreCase: false, out _)))
        {
            problems.Add($"spec.events: \"{name}\" is not one of {string.Join(", ", Enum.GetNames<NotificationEvent>())}");
        }

        if (spec.Provider.Address is { Length: > 0 } address && !(Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            problems.Add("spec.provider.address must be an http or https URL");
        }

        if (spec.Provider.Type is "GitHub" or "GitLab" or "Gitea" or "Bitbucket" && spec.Provider.SecretRef is null)
        {
            problems.Add($"spec.provider.secretRef is required for {spec.Provider.Type}: its key \"token\" authenticates the commit statuses");
        }

        if (PostsToAddress(spec.Provider.Type) && string.IsNullOrEmpty(spec.Provider.Address) && spec.Provider.SecretRef is null)
        {
            problems.Add($"{spec.Provider.Type} needs an address: spec.provider.address, or the key \"address\" of spec.provider.secretRef");
        }

        if (spec.RateLimit?.Interval is { } interval && !(GoDuration.TryParse(interval, out var every) && every > TimeSpan.Zero))
        {
            problems.Add($"spec.rateLimit.interval \"{interval}\" is not a duration such as 30s or 5m");
        }

        if (spec.RateLimit?.Burst is < 1)
        {
            problems.Add("spec.rateLimit.burst must be at least 1");
        }

        foreach (var requirement in spec.Applications?.Selector?.MatchExpressions ?? [])
        {
            if (requirement.Operator is not ("In" or "NotIn" or "Exists" or "DoesNotExist"))
            {
                problems.Add($"spec.applications.selector: operator \"{requirement.Operator}\" of key \"{requirement.Key}\" is not In, NotIn, Exists or DoesNotExist");
            }
        }

        return problems;
    }

    /// <summary>The events the Notification sends (all when it names none).</summary>
    public static IReadOnlySet<NotificationEvent> Events(NotificationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Events is { Count: > 0 } names
            ? names.Select(n => Enum.TryParse<NotificationEvent>(n, out var e) ? (NotificationEvent?)e : null).OfType<NotificationEvent>().ToHashSet()
            : Enum.GetValues<NotificationEvent>().ToHashSet();
    }

    /// <summary>Whether the Notification covers the Application (by name, "*", and labels; neither given means every one).</summary>
    public static bool Selects(NotificationSpec spec, string name, IReadOnlyDictionary<string, string>? labels)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var selection = spec.Applications;
        if (selection?.Names is { Count: > 0 } names && !names.Contains("*") && !names.Contains(name))
        {
            return false;
        }

        return selection?.Selector is not { } selector || Matches(selector, labels ?? new Dictionary<string, string>());
    }

    /// <summary>
    /// The transitions of one change the Notification sends: those of its events; when a recovery and a sync come
    /// together and it sends recoveries, the one Recovered message says both.
    /// </summary>
    public static IReadOnlyList<AppTransition> Filter(NotificationSpec spec, IReadOnlyList<AppTransition> transitions)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        var events = Events(spec);
        var wanted = transitions.Where(t => events.Contains(t.Event)).ToList();
        return wanted.Any(t => t.Event == NotificationEvent.Recovered) ? wanted.Where(t => t.Event != NotificationEvent.Synced).ToList() : wanted;
    }

    public static (int Burst, TimeSpan Interval) Limit(NotificationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var interval = spec.RateLimit?.Interval is { } text && GoDuration.TryParse(text, out var parsed) && parsed > TimeSpan.Zero ? parsed : DefaultInterval;
        return (Math.Max(1, spec.RateLimit?.Burst ?? DefaultBurst), interval);
    }

    private static bool Matches(LabelSelector selector, IReadOnlyDictionary<string, string> labels)
    {
        if ((selector.MatchLabels ?? []).Any(kv => !labels.TryGetValue(kv.Key, out var value) || value != kv.Value))
        {
            return false;
        }

        return (selector.MatchExpressions ?? []).All(r => r.Operator switch
        {
            "In" => labels.TryGetValue(r.Key, out var v) && (r.Values ?? []).Contains(v),
            "NotIn" => !labels.TryGetValue(r.Key, out var v) || !(r.Values ?? []).Contains(v),
            "Exists" => labels.ContainsKey(r.Key),
            "DoesNotExist" => !labels.ContainsKey(r.Key),
            _ => false,
        });
    }
}
