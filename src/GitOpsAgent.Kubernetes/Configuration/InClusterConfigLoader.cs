namespace GitOpsAgent.Kubernetes;

/// <summary>The pod's service account: KUBERNETES_SERVICE_HOST/PORT plus token, ca.crt and namespace files.</summary>
internal static class InClusterConfigLoader
{
    public static KubernetesClientConfiguration? TryLoad(KubernetesConfigSources sources, List<string> looked)
    {
        var host = sources.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        var port = sources.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            looked.Add("in-cluster: KUBERNETES_SERVICE_HOST/PORT not set");
            return null;
        }

        var tokenFile = Path.Combine(sources.ServiceAccountDirectory, "token");
        if (!File.Exists(tokenFile))
        {
            looked.Add($"in-cluster: {tokenFile} does not exist");
            return null;
        }

        var caFile = Path.Combine(sources.ServiceAccountDirectory, "ca.crt");
        var namespaceFile = Path.Combine(sources.ServiceAccountDirectory, "namespace");
        var hostPart = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        return new KubernetesClientConfiguration
        {
            Server = new Uri($"https://{hostPart}:{port}"),
            TokenFile = tokenFile,
            CertificateAuthorityPem = File.Exists(caFile) ? File.ReadAllText(caFile) : null,
            Namespace = File.Exists(namespaceFile) ? File.ReadAllText(namespaceFile).Trim() : "default",
            Source = "in-cluster",
        };
    }
}
