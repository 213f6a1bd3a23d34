using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Manifests.Rendering;

namespace GitOpsAgent.Core.Policy;

/// <summary>
/// What an Application asks to do. <see cref="ApplicationNamespace"/> comes from the Application object, never from
/// Git; <see cref="Objects"/> are the rendered objects with the namespace they will be applied in ("" for
/// cluster-scoped ones).
/// </summary>
public sealed record PolicyRequest(string ApplicationNamespace, string RepoUrl, IReadOnlyList<ResourceKey> Objects)
{
    /// <summary>The namespace syncPolicy.createNamespace asks to create, if any.</summary>
    public string? CreatesNamespace { get; init; }
}

/// <summary>One thing a policy refuses: the object (or "spec.source.repoURL"), why, and which policy.</summary>
public sealed record PolicyViolation(string Subject, string Reason, string Policy)
{
    public override string ToString() => $"{Subject}: {Reason} ({Policy})";
}

/// <summary>
/// Every violation (empty: allowed), whether objects tracked by another Application may be taken over, and what
/// governed the decision (<see cref="GoverningPolicies.Describe"/>).
/// </summary>
public sealed record PolicyVerdict(IReadOnlyList<PolicyViolation> Violations, bool AllowsTakeOver, string GovernedBy)
{
    public bool Allowed => Violations.Count == 0;

    /// <summary>The condition message: every violation, nothing left out, and what governs the Application.</summary>
    public string Describe() =>
        $"{Violations.Count} object(s) or field(s) not allowed, nothing was applied: {string.Join("; ", Violations)}; governed by {GovernedBy}";
}

/// <summary>
/// Decides, purely, whether the governing policies allow an Application's source and objects. Every policy must
/// allow (several policies of one namespace only narrow). Outside the controller's namespace AppPolicy objects are
/// never allowed: a tenant would widen its own rules.
/// </summary>
public static class PolicyEvaluator
{
    private const string SourceSubject = "spec.source.repoURL";

    public static PolicyVerdict Evaluate(PolicyRequest request, GoverningPolicies governing, string controllerNamespace)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(governing);
        var violations = new List<PolicyViolation>();
        if (request.ApplicationNamespace != controllerNamespace)
        {
            foreach (var key in request.Objects.Where(k => k is { Group: Applications.Application.Group, Kind: AppPolicy.KindValue }))
            {
                violations.Add(new PolicyViolation(key.ToString(), "an Application outside the controller's namespace may not deploy AppPolicy objects", "a fixed rule"));
            }
        }

        switch (governing.Scope)
        {
            case PolicyScope.Unrestricted:
                return new PolicyVerdict(violations, AllowsTakeOver: false, governing.Describe());
            case PolicyScope.BuiltInDefault:
                Check(request, new AppPolicySpec(), "built-in default", violations);
                return new PolicyVerdict(violations, AllowsTakeOver: false, governing.Describe());
            default:
                foreach (var policy in governing.Policies)
                {
                    Check(request, policy, violations);
                }

                return new PolicyVerdict(violations, governing.Policies.All(p => p.Spec.AllowTakeOver == true), governing.Describe());
        }
    }

    private static void Check(PolicyRequest request, NamedPolicy named, List<PolicyViolation> violations)
    {
        if (named.Unreadable is { } error)
        {
            violations.Add(new PolicyViolation(named.ToString(), $"cannot be read ({error}), so it allows nothing", named.ToString()));
            return;
        }

        Check(request, named.Spec, named.ToString(), violations);
    }

    private static void Check(PolicyRequest request, AppPolicySpec spec, string policy, List<PolicyViolation> violations)
    {
        if (spec.SourceRepos is { Count: > 0 } repos && !repos.Any(r => Matches(r, request.RepoUrl)))
        {
            violations.Add(new PolicyViolation(SourceSubject, $"repository {request.RepoUrl} is not among the allowed sources ({string.Join(", ", repos)})", policy));
        }

        var destinations = spec.Destinations is { Count: > 0 } listed ? listed : [request.ApplicationNamespace];
        if (request.CreatesNamespace is { Length: > 0 } created)
        {
            CheckNamespaceCreation("spec.syncPolicy.createNamespace", created, spec, destinations, policy, violations);
        }

        foreach (var key in request.Objects)
        {
            if (key is { Group: "", Kind: "Namespace", Namespace: "" })
            {
                CheckNamespaceCreation(key.ToString(), key.Name, spec, destinations, policy, violations);
            }
            else if (!key.IsNamespaced)
            {
                if (!Allows(spec.ClusterResources, key, allowWhenAbsent: false))
                {
                    violations.Add(new PolicyViolation(key.ToString(), $"cluster-scoped kind {key.GroupKind} is not allowed", policy));
                }
            }
            else
            {
                if (!destinations.Any(d => Matches(d, key.Namespace)))
                {
                    violations.Add(new PolicyViolation(key.ToString(), $"namespace {key.Namespace} is not an allowed destination ({string.Join(", ", destinations)})", policy));
                }

                if (!Allows(spec.NamespacedResources, key, allowWhenAbsent: true))
                {
                    violations.Add(new PolicyViolation(key.ToString(), $"kind {key.GroupKind} is not allowed", policy));
                }
            }
        }
    }

    private static void CheckNamespaceCreation(string subject, string ns, AppPolicySpec spec, IReadOnlyList<string> destinations, string policy, List<PolicyViolation> violations)
    {
        if (spec.CreateNamespaces != true)
        {
            violations.Add(new PolicyViolation(subject, $"creating or changing namespace {ns} is not allowed (createNamespaces is off)", policy));
        }
        else if (!destinations.Any(d => Matches(d, ns)))
        {
            violations.Add(new PolicyViolation(subject, $"namespace {ns} is not an allowed destination ({string.Join(", ", destinations)})", policy));
        }
    }

    private static bool Allows(KindRules? rules, ResourceKey key, bool allowWhenAbsent)
    {
        var allowed = rules?.Allow is { } allow ? allow.Any(p => Matches(p, key)) : allowWhenAbsent;
        return allowed && !(rules?.Deny ?? []).Any(p => Matches(p, key));
    }

    private static bool Matches(KindPattern pattern, ResourceKey key) => Matches(pattern.Group, key.Group) && Matches(pattern.Kind, key.Kind);

    /// <summary>
    /// A glob against the whole value ("*" stays within a path segment, "**" crosses them; "*" alone is anything); the
    /// empty pattern matches only the empty value (the core group).
    /// </summary>
    private static bool Matches(string pattern, string value) =>
        pattern.Length == 0 ? value.Length == 0 : pattern == "*" || GlobPattern.ForWholeValue(pattern).IsMatch(value);
}
