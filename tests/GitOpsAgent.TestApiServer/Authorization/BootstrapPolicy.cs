namespace GitOpsAgent.TestApiServer.Authorization;

/// <summary>
/// The bootstrap roles every real cluster binds to system:authenticated (system:discovery, system:basic-user,
/// system:public-info-viewer) and the cluster-admin ClusterRole. Built in rather than stored, so a fresh server's
/// object counts and resourceVersions stay as they were; stored roles of the same names are used instead when present.
/// </summary>
internal static class BootstrapPolicy
{
    public const string ClusterAdmin = "cluster-admin";

    /// <summary>The built-in ClusterRoles by name.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<PolicyRule>> ClusterRoles { get; } = new Dictionary<string, IReadOnlyList<PolicyRule>>(StringComparer.Ordinal)
    {
        [ClusterAdmin] = [new(["*"], ["*"], ["*"], [], []), new(["*"], [], [], [], ["*"])],
        ["system:discovery"] = [new(["get"], [], [], [], ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"])],
        ["system:basic-user"] = [new(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"], [], []), new(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"], [], [])],
        ["system:public-info-viewer"] = [new(["get"], [], [], [], ["/healthz", "/livez", "/readyz", "/version", "/version/"])],
    };

    /// <summary>The built-in ClusterRoleBindings: (binding name, ClusterRole, the group it is bound to).</summary>
    public static IReadOnlyList<(string Name, string ClusterRole, string Group)> ClusterRoleBindings { get; } =
    [
        (ClusterAdmin, ClusterAdmin, UserInfo.Masters),
        ("system:discovery", "system:discovery", UserInfo.Authenticated),
        ("system:basic-user", "system:basic-user", UserInfo.Authenticated),
        ("system:public-info-viewer", "system:public-info-viewer", UserInfo.Authenticated),
    ];
}
