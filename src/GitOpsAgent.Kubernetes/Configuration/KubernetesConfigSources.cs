namespace GitOpsAgent.Kubernetes;

/// <summary>Where <see cref="KubernetesClientConfiguration.Load(string?, string?, KubernetesConfigSources)"/> looks; replaceable in tests.</summary>
public sealed record KubernetesConfigSources(Func<string, string?> GetEnvironmentVariable, string ServiceAccountDirectory, string? HomeDirectory)
{
    public const string DefaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static KubernetesConfigSources Default { get; } = new(
        Environment.GetEnvironmentVariable,
        DefaultServiceAccountDirectory,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
}
