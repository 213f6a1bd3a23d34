namespace GitOpsAgent.TestApiServer.Authorization;

/// <summary>Who a request is from, after authentication and impersonation: what RBAC subjects are matched against.</summary>
public sealed record UserInfo(string Name, IReadOnlyList<string> Groups)
{
    public const string Masters = "system:masters";
    public const string Authenticated = "system:authenticated";
    public const string ServiceAccountPrefix = "system:serviceaccount:";

    /// <summary>The identity of the server's own token: in system:masters, which RBAC never limits (as on a real server).</summary>
    public static UserInfo Admin { get; } = new("test-admin", [Masters, Authenticated]);

    /// <summary>A ServiceAccount with the groups the real server gives it.</summary>
    public static UserInfo ServiceAccount(string ns, string name) =>
        new($"{ServiceAccountPrefix}{ns}:{name}", ["system:serviceaccounts", $"system:serviceaccounts:{ns}", Authenticated]);

    public bool InGroup(string group) => Groups.Contains(group, StringComparer.Ordinal);

    /// <summary>(namespace, name) when this is a ServiceAccount's user name.</summary>
    public static (string Namespace, string Name)? SplitServiceAccount(string user)
    {
        if (!user.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = user[ServiceAccountPrefix.Length..].Split(':');
        return parts is [{ Length: > 0 } ns, { Length: > 0 } name] ? (ns, name) : null;
    }
}
