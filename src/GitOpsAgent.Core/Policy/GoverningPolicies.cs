using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Core.Policy;

/// <summary>
/// One AppPolicy as read from the cluster: where it is, its name and its spec; <see cref="Unreadable"/> says why a
/// policy could not be read (it then allows nothing, rather than nothing being checked).
/// </summary>
public sealed record NamedPolicy(string Namespace, string Name, AppPolicySpec Spec, string? Unreadable = null)
{
    /// <summary>The policy an AppPolicy object holds; one that does not fit the C# shape is kept as unreadable.</summary>
    public static NamedPolicy Read(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        try
        {
            return new NamedPolicy(obj.GetNamespace(), obj.GetName(), AppPolicy.FromJson(obj).Spec);
        }
        catch (JsonException ex)
        {
            // The serializer's text names .NET types; the field is what a person can fix.
            var field = ex.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "the object";
            return new NamedPolicy(obj.GetNamespace(), obj.GetName(), new AppPolicySpec(), $"{field} does not fit the AppPolicy schema");
        }
    }

    public override string ToString() => $"AppPolicy {Namespace}/{Name}";
}

public enum PolicyScope
{
    /// <summary>An Application of the controller's namespace that no policy narrows: the platform team's, anything goes.</summary>
    Unrestricted,

    /// <summary>No policy for the namespace and no default: its own namespace only, no cluster-scoped objects.</summary>
    BuiltInDefault,

    /// <summary>The policies listed; every one must allow.</summary>
    Policies,
}

/// <summary>The policies that govern the Applications of one namespace.</summary>
public sealed record GoverningPolicies(PolicyScope Scope, IReadOnlyList<NamedPolicy> Policies)
{
    /// <summary>
    /// Which policies govern Applications in <paramref name="applicationNamespace"/>: the AppPolicies of that namespace
    /// (for the controller's own namespace, those not marked default); else, outside the controller's namespace, the
    /// default policies of the controller's namespace; else unrestricted (controller's namespace) or the built-in default.
    /// </summary>
    public static GoverningPolicies For(string applicationNamespace, string controllerNamespace, IEnumerable<NamedPolicy> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        var policies = all.OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        var isController = applicationNamespace == controllerNamespace;
        var own = policies.Where(p => p.Namespace == applicationNamespace && !(isController && p.Spec.Default == true)).ToList();
        if (own.Count > 0)
        {
            return new GoverningPolicies(PolicyScope.Policies, own);
        }

        if (isController)
        {
            return new GoverningPolicies(PolicyScope.Unrestricted, []);
        }

        var defaults = policies.Where(p => p.Namespace == controllerNamespace && p.Spec.Default == true).ToList();
        return defaults.Count > 0 ? new GoverningPolicies(PolicyScope.Policies, defaults) : new GoverningPolicies(PolicyScope.BuiltInDefault, []);
    }

    /// <summary>"AppPolicy team-a/limits", "the built-in default", "no policy (the controller's namespace)".</summary>
    public string Describe() => Scope switch
    {
        PolicyScope.Unrestricted => "no policy (the controller's namespace)",
        PolicyScope.BuiltInDefault => "the built-in default (no AppPolicy applies: only the Application's own namespace, no cluster-scoped objects)",
        _ => string.Join(" and ", Policies),
    };
}
