using System.Text.Json.Nodes;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestApiServer.Storage;

namespace GitOpsAgent.TestApiServer.Authorization;

/// <summary>Allowed, or not with the reason the real RBAC authorizer gives (empty, or "RBAC: ..." naming roles that do not exist).</summary>
public sealed record AuthorizationDecision(bool Allowed, string Reason);

/// <summary>
/// Authorizes a request with the RBAC objects in the store, as the real RBAC authorizer does: system:masters is
/// allowed everything; otherwise some rule of a ClusterRole bound by a ClusterRoleBinding, or of a Role or ClusterRole
/// bound by a RoleBinding in the request's namespace, must allow it. Subjects are User, Group and ServiceAccount (a
/// ServiceAccount subject without a namespace is the RoleBinding's). ClusterRoles with an aggregationRule get the rules
/// of the ClusterRoles its matchLabels select. The bootstrap roles are built in (<see cref="BootstrapPolicy"/>).
/// </summary>
public sealed class RbacAuthorizer(ObjectStore store)
{
    private const string Group = "rbac.authorization.k8s.io";

    public AuthorizationDecision Authorize(RequestAttributes request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.User.InGroup(UserInfo.Masters))
        {
            return new AuthorizationDecision(true, "");
        }

        var errors = new List<string>();
        lock (store.Gate)
        {
            foreach (var (subjects, roleKind, roleName) in ClusterRoleBindings())
            {
                if (AppliesTo(request.User, subjects, "") && RulesOf(roleKind, roleName, "", errors).Any(r => r.Allows(request)))
                {
                    return new AuthorizationDecision(true, "");
                }
            }

            if (request.Namespace.Length > 0)
            {
                foreach (var binding in Stored("RoleBinding", request.Namespace))
                {
                    if (AppliesTo(request.User, Subjects(binding), request.Namespace)
                        && RulesOf(binding.GetStringAt("roleRef", "kind") ?? "", binding.GetStringAt("roleRef", "name") ?? "", request.Namespace, errors).Any(r => r.Allows(request)))
                    {
                        return new AuthorizationDecision(true, "");
                    }
                }
            }
        }

        return new AuthorizationDecision(false, errors.Count switch
        {
            0 => "",
            1 => $"RBAC: {errors[0]}",
            _ => $"RBAC: [{string.Join(", ", errors)}]",
        });
    }

    private IEnumerable<(IReadOnlyList<JsonObject> Subjects, string RoleKind, string RoleName)> ClusterRoleBindings()
    {
        var stored = Stored("ClusterRoleBinding", null).ToList();
        foreach (var binding in stored)
        {
            yield return (Subjects(binding), binding.GetStringAt("roleRef", "kind") ?? "", binding.GetStringAt("roleRef", "name") ?? "");
        }

        foreach (var (name, clusterRole, group) in BootstrapPolicy.ClusterRoleBindings.Where(b => stored.All(s => s.GetName() != b.Name)))
        {
            yield return ([new JsonObject { ["kind"] = "Group", ["name"] = group }], "ClusterRole", clusterRole);
        }
    }

    private IReadOnlyList<PolicyRule> RulesOf(string kind, string name, string ns, List<string> errors)
    {
        if (kind == "Role")
        {
            if (ns.Length > 0 && StoredObject("Role", ns, name) is { } role)
            {
                return PolicyRule.OfRole(role);
            }

            errors.Add($"role.{Group} \"{name}\" not found");
            return [];
        }

        if (StoredObject("ClusterRole", null, name) is { } clusterRole)
        {
            return clusterRole.GetObjectAt("aggregationRule") is { } aggregation ? Aggregated(clusterRole, aggregation) : PolicyRule.OfRole(clusterRole);
        }

        if (BootstrapPolicy.ClusterRoles.TryGetValue(name, out var builtIn))
        {
            return builtIn;
        }

        errors.Add($"clusterrole.{Group} \"{name}\" not found");
        return [];
    }

    /// <summary>The rules of every ClusterRole whose labels some clusterRoleSelectors[].matchLabels selects.</summary>
    private List<PolicyRule> Aggregated(JsonObject role, JsonObject aggregation)
    {
        var selectors = (aggregation.GetArrayAt("clusterRoleSelectors") ?? []).OfType<JsonObject>()
            .Select(s => s.GetObjectAt("matchLabels") ?? [])
            .ToList();
        return Stored("ClusterRole", null)
            .Where(other => other.GetName() != role.GetName() && selectors.Any(labels => labels.All(l => other.GetLabel(l.Key) == l.Value?.GetValue<string>())))
            .SelectMany(PolicyRule.OfRole)
            .Concat(PolicyRule.OfRole(role))
            .ToList();
    }

    private static bool AppliesTo(UserInfo user, IReadOnlyList<JsonObject> subjects, string bindingNamespace) => subjects.Any(subject =>
    {
        var name = subject.GetStringAt("name") ?? "";
        switch (subject.GetStringAt("kind"))
        {
            case "User":
                return user.Name == name;
            case "Group":
                return user.InGroup(name);
            case "ServiceAccount":
                var ns = subject.GetStringAt("namespace") is { Length: > 0 } given ? given : bindingNamespace;
                return ns.Length > 0 && user.Name == $"{UserInfo.ServiceAccountPrefix}{ns}:{name}";
            default:
                return false;
        }
    });

    private static List<JsonObject> Subjects(JsonObject binding) => (binding.GetArrayAt("subjects") ?? []).OfType<JsonObject>().ToList();

    private IEnumerable<JsonObject> Stored(string kind, string? ns) =>
        store.Catalog.FindKind(Group, "v1", kind) is { } type ? store.Items(type, ns) : [];

    private JsonObject? StoredObject(string kind, string? ns, string name) =>
        store.Catalog.FindKind(Group, "v1", kind) is { } type ? store.Find(type, ns ?? "", name) : null;
}
