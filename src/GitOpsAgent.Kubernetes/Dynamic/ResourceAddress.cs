namespace GitOpsAgent.Kubernetes;

/// <summary>
/// One object or collection as KubernetesClient's CustomObjects calls address it: group "" is the core group
/// (/api/v1); <see cref="Namespace"/> is null for cluster-scoped kinds and for lists across all namespaces.
/// </summary>
internal sealed record ResourceAddress(ApiResource Resource, string? Namespace, string Name = "")
{
    public string Group => Resource.Group;

    public string Version => Resource.Version;

    public string Plural => Resource.Plural;

    public bool InNamespace => Namespace is not null;

    /// <summary>For messages: "apply deployments.apps prod/web".</summary>
    public string Describe(string verb)
    {
        var resource = Group.Length == 0 ? Plural : $"{Plural}.{Group}";
        var target = (Namespace, Name) switch
        {
            (null, "") => "",
            (null, var name) => " " + name,
            (var ns, "") => $" in {ns}",
            (var ns, var name) => $" {ns}/{name}",
        };
        return verb + " " + resource + target;
    }
}
