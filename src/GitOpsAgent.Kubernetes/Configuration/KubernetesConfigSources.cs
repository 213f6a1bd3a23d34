namespace GitOpsAgent.Kubernetes;

/// <summary>Where <see cref="KubernetesClientConfiguration.Load(string?, string?, KubernetesConfigSources)"/> looks; replaceable in tests.</summary>
public sealed record KubernetesConfigSources(Func<string, string?> GetEnvironmentVariable, string ServiceAccountDirectory, string? HomeDirectory)
{
    /// <summary>Whether the pod's service account is there (the library's check).</summary>
    public Func<bool> IsInCluster { get; init; } = k8s.KubernetesClientConfiguration.IsInCluster;

    /// <summary>The in-cluster configuration (the library's: the token file is re-read as the kubelet rotates it).</summary>
    public Func<k8s.KubernetesClientConfiguration> InClusterConfig { get; init; } = k8s.KubernetesClientConfiguration.InClusterConfig;

    public const string DefaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static KubernetesConfigSources Default { get; } = new(
        Environment.GetEnvironmentVariable,
        DefaultServiceAccountDirectory,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
}
