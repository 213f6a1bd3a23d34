using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Manifests.Rendering;
using GitOpsAgent.Core.Schema;
using GitOpsAgent.Core.Variables;
using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Previews;

/// <summary>
/// What to preview: the Applications among <see cref="Applications"/> whose repoURL is <see cref="RepositoryUrl"/>,
/// from <see cref="Base"/> to <see cref="Head"/> (branches, tags or SHAs of <see cref="FetchUrl"/>, where the commits
/// are read: the same repository, or a local clone of it). Credentials, a live cluster, the cluster's kind scopes and
/// list types are optional; without them the preview renders as the controller does with the built-in tables.
/// </summary>
public sealed record PreviewRequest(string RepositoryUrl, string FetchUrl, string Base, string Head, IReadOnlyList<Application> Applications)
{
    public string FieldManager { get; init; } = "gitops-agent";

    /// <summary>An Application's Git credentials (its credentialsSecretRef); null: none.</summary>
    public Func<Application, CancellationToken, Task<GitCredentials?>>? Credentials { get; init; }

    /// <summary>The live objects, for the three-way comparison of the head; null: no cluster.</summary>
    public ILiveObjectSource? Live { get; init; }

    public IResourceScope Scope { get; init; } = BuiltinResourceScope.Instance;

    /// <summary>${cluster.name} and ${cluster.labels.KEY}: expanded in each Application's spec and substituted, as the controller does.</summary>
    public VariableSet ClusterVariables { get; init; } = VariableSet.Empty;

    /// <summary>Reads spec.substituteFrom ConfigMaps and Secrets (Secret values masked); null: no cluster, an Application naming any is an error row.</summary>
    public IKubernetesApi? SubstitutionSource { get; init; }

    /// <summary>List types for the diff (the cluster's CRDs); null: the built-in table plus the CRDs the render holds.</summary>
    public Func<IReadOnlyList<Manifest>, CancellationToken, Task<IListTypes>>? ListTypes { get; init; }
}
