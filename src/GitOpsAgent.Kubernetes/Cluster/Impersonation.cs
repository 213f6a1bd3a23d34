namespace GitOpsAgent.Kubernetes;

/// <summary>
/// The impersonation headers of the Kubernetes API and the identity a ServiceAccount has. A ServiceAccount is
/// impersonated with Impersonate-User alone: the API server then gives it exactly its groups (system:serviceaccounts,
/// system:serviceaccounts:NS, system:authenticated) and checks only <c>impersonate</c> on that ServiceAccount. Naming
/// the groups too would need <c>impersonate</c> on groups, which also lets the caller impersonate system:masters.
/// </summary>
public static class Impersonation
{
    public const string UserHeader = "Impersonate-User";

    public const string GroupHeader = "Impersonate-Group";

    private const string ServiceAccountPrefix = "system:serviceaccount:";

    /// <summary>"system:serviceaccount:NS:NAME".</summary>
    public static string ServiceAccountUser(string @namespace, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return $"{ServiceAccountPrefix}{@namespace}:{name}";
    }

    /// <summary>The groups the API server gives a ServiceAccount of <paramref name="namespace"/>.</summary>
    public static IReadOnlyList<string> ServiceAccountGroups(string @namespace) =>
        ["system:serviceaccounts", $"system:serviceaccounts:{@namespace}", "system:authenticated"];

    /// <summary>(namespace, name) of a ServiceAccount user name, or null for any other user.</summary>
    public static (string Namespace, string Name)? ParseServiceAccountUser(string user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = user[ServiceAccountPrefix.Length..].Split(':');
        return parts is [{ Length: > 0 } ns, { Length: > 0 } name] ? (ns, name) : null;
    }

    /// <summary>The headers that make a request act as ServiceAccount <paramref name="namespace"/>/<paramref name="name"/>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> AsServiceAccount(string @namespace, string name) =>
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { [UserHeader] = [ServiceAccountUser(@namespace, name)] };
}
