namespace GitOpsAgent.Kubernetes;

/// <summary>APIs that act as another identity over one cluster's connection (impersonation).</summary>
public interface IKubernetesIdentities
{
    /// <summary>
    /// The API acting as ServiceAccount <paramref name="namespace"/>/<paramref name="name"/>: every request is
    /// authorized as <c>system:serviceaccount:NS:NAME</c> with that ServiceAccount's groups, so its RBAC bounds what
    /// the caller can do. The caller needs the <c>impersonate</c> verb on that ServiceAccount.
    /// </summary>
    IKubernetesApi AsServiceAccount(string @namespace, string name);
}
