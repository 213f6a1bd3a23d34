using k8s;

namespace GitOpsAgent.Kubernetes;

/// <summary>Where <see cref="KubernetesConfigLoader.Load(string?, string?, KubernetesConfigSources)"/> looks; replaceable in tests.</summary>
public sealed record KubernetesConfigSources(Func<string, string?> GetEnvironmentVariable, string? HomeDirectory)
{
    public static KubernetesConfigSources Default { get; } = new(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>Whether the pod's service account is there (the library's check: service host and port, token and ca.crt).</summary>
    public Func<bool> IsInCluster { get; init; } = KubernetesClientConfiguration.IsInCluster;

    /// <summary>The in-cluster configuration (the library's; its token file is re-read every minute, so kubelet rotation is seen).</summary>
    public Func<KubernetesClientConfiguration> InClusterConfig { get; init; } = KubernetesClientConfiguration.InClusterConfig;
}
