using System.Globalization;
using System.Text;

namespace GitOpsAgent.Kubernetes;

/// <summary>
/// How to reach and authenticate to one cluster. Built by <see cref="Load(string?, string?)"/> from kubeconfig or the
/// in-cluster service account, or by hand. <see cref="ToString"/> never shows secrets.
/// </summary>
public sealed record KubernetesClientConfiguration
{
    public required Uri Server { get; init; }

    /// <summary>Default namespace (context namespace, or the service account's), used when a namespaced object has none.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>PEM of the CA(s) to trust; when set, exactly these are trusted.</summary>
    public string? CertificateAuthorityPem { get; init; }

    public bool InsecureSkipTlsVerify { get; init; }

    public string? Token { get; init; }

    /// <summary>A bearer token file, re-read when it rotates (takes precedence over <see cref="Token"/>, as in client-go).</summary>
    public string? TokenFile { get; init; }

    public string? ClientCertificatePem { get; init; }

    public string? ClientKeyPem { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    public ExecCredentialConfig? Exec { get; init; }

    /// <summary>Client-side rate limit: sustained requests per second.</summary>
    public double Qps { get; init; } = 50;

    /// <summary>Client-side rate limit: requests allowed at once above the sustained rate.</summary>
    public int Burst { get; init; } = 100;

    /// <summary>Retries of 429/5xx responses before the error is thrown.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>Timeout of one non-watch request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a token file is re-read at most (besides after a 401).</summary>
    public TimeSpan TokenFileRefreshInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Where this configuration came from, for messages (a file and context, or "in-cluster").</summary>
    public string Source { get; init; } = "explicit";

    public string? ContextName { get; init; }

    /// <summary>
    /// Explicit kubeconfig, else in-cluster, else KUBECONFIG (':'-separated files merged, first wins), else ~/.kube/config.
    /// </summary>
    public static KubernetesClientConfiguration Load(string? kubeconfigPath, string? context) =>
        Load(kubeconfigPath, context, KubernetesConfigSources.Default);

    public static KubernetesClientConfiguration Load(string? kubeconfigPath, string? context, KubernetesConfigSources sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (!string.IsNullOrEmpty(kubeconfigPath))
        {
            if (!File.Exists(kubeconfigPath))
            {
                throw new KubernetesConfigException($"kubeconfig file {kubeconfigPath} does not exist");
            }

            return KubeconfigLoader.Load([kubeconfigPath], context);
        }

        var looked = new List<string>();
        var inCluster = InClusterConfigLoader.TryLoad(sources, looked);
        if (inCluster is not null)
        {
            return inCluster;
        }

        var kubeconfigVariable = sources.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(kubeconfigVariable))
        {
            var files = kubeconfigVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
            var existing = files.Where(File.Exists).ToList();
            if (existing.Count > 0)
            {
                return KubeconfigLoader.Load(existing, context);
            }

            looked.Add($"KUBECONFIG files ({string.Join(", ", files)}) do not exist");
        }
        else
        {
            looked.Add("KUBECONFIG is not set");
        }

        if (!string.IsNullOrEmpty(sources.HomeDirectory))
        {
            var home = Path.Combine(sources.HomeDirectory, ".kube", "config");
            if (File.Exists(home))
            {
                return KubeconfigLoader.Load([home], context);
            }

            looked.Add($"{home} does not exist");
        }
        else
        {
            looked.Add("no home directory");
        }

        throw new KubernetesConfigException("no Kubernetes configuration found: " + string.Join("; ", looked));
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"KubernetesClientConfiguration {{ Server = {Server}, Namespace = {Namespace}, Source = {Source}");
        if (ContextName is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", Context = {ContextName}");
        }

        text.Append(CultureInfo.InvariantCulture, $", Auth = {DescribeAuth()}");
        text.Append(CultureInfo.InvariantCulture, $", CA = {(CertificateAuthorityPem is null ? "system" : "custom")}");
        if (InsecureSkipTlsVerify)
        {
            text.Append(", InsecureSkipTlsVerify = true");
        }

        text.Append(CultureInfo.InvariantCulture, $", Qps = {Qps}, Burst = {Burst} }}");
        return text.ToString();
    }

    private string DescribeAuth()
    {
        var parts = new List<string>();
        if (TokenFile is not null)
        {
            parts.Add($"token file {TokenFile}");
        }
        else if (Token is not null)
        {
            parts.Add("token [redacted]");
        }

        if (ClientCertificatePem is not null)
        {
            parts.Add("client certificate [key redacted]");
        }

        if (Username is not null)
        {
            parts.Add($"basic {Username}:[redacted]");
        }

        if (Exec is not null)
        {
            parts.Add(Exec.ToString());
        }

        return parts.Count == 0 ? "none" : string.Join(" + ", parts);
    }
}
