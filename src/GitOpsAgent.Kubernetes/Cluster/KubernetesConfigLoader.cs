using k8s.Exceptions;
using k8s.KubeConfigModels;
using K8sConfiguration = k8s.KubernetesClientConfiguration;

namespace GitOpsAgent.Kubernetes;

/// <summary>
/// Finds the cluster configuration the way kubectl does and lets KubernetesClient read it: an explicit kubeconfig,
/// else the pod's service account (in-cluster, token re-read as it rotates), else the KUBECONFIG files merged, else
/// ~/.kube/config. Errors name where we looked, never a credential.
/// </summary>
public static class KubernetesConfigLoader
{
    public static K8sConfiguration Load(string? kubeconfigPath, string? context) => Load(kubeconfigPath, context, KubernetesConfigSources.Default);

    public static K8sConfiguration Load(string? kubeconfigPath, string? context, KubernetesConfigSources sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (!string.IsNullOrEmpty(kubeconfigPath))
        {
            return File.Exists(kubeconfigPath)
                ? FromFiles([kubeconfigPath], context)
                : throw new KubernetesConfigException($"kubeconfig file {kubeconfigPath} does not exist");
        }

        var looked = new List<string>();
        if (sources.IsInCluster())
        {
            return Build("in-cluster service account", sources.InClusterConfig);
        }

        looked.Add("in-cluster: KUBERNETES_SERVICE_HOST/PORT, token or ca.crt missing");
        var kubeconfigVariable = sources.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(kubeconfigVariable))
        {
            var files = kubeconfigVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
            var existing = files.Where(File.Exists).ToList();
            if (existing.Count > 0)
            {
                return FromFiles(existing, context);
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
                return FromFiles([home], context);
            }

            looked.Add($"{home} does not exist");
        }
        else
        {
            looked.Add("no home directory");
        }

        throw new KubernetesConfigException("no Kubernetes configuration found: " + string.Join("; ", looked));
    }

    /// <summary>A kubeconfig held as text (a Secret's value, for a remote cluster): inline data only, no file references.</summary>
    public static K8sConfiguration FromKubeconfigText(string kubeconfig, string? context, string source = "kubeconfig text")
    {
        ArgumentNullException.ThrowIfNull(kubeconfig);
        return Build(source, () =>
        {
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(kubeconfig));
            return K8sConfiguration.BuildConfigFromConfigFile(stream, EmptyToNull(context));
        });
    }

    /// <summary>
    /// A kubeconfig someone else wrote (a remote destination's Secret, written by an Application author): its current
    /// context, inline credentials only. Exec plugins and auth providers (a command the controller would run) and
    /// file references (files of the controller's, sent to a server the author chose) are refused, naming the field.
    /// </summary>
    public static K8sConfiguration FromUntrustedKubeconfigText(string kubeconfig, string source)
    {
        ArgumentNullException.ThrowIfNull(kubeconfig);
        return Build(source, () =>
        {
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(kubeconfig));
            var parsed = K8sConfiguration.LoadKubeConfig(stream);
            foreach (var user in parsed.Users ?? [])
            {
                var credentials = user.UserCredentials;
                Refuse(credentials?.ExternalExecution is not null, $"user {user.Name}: exec plugins are not allowed (the controller would run the command)");
                Refuse(credentials?.AuthProvider is not null, $"user {user.Name}: auth providers are not allowed; use an inline token or client certificate");
                Refuse(!string.IsNullOrEmpty(credentials?.ClientCertificate), $"user {user.Name}: client-certificate names a file; use client-certificate-data");
                Refuse(!string.IsNullOrEmpty(credentials?.ClientKey), $"user {user.Name}: client-key names a file; use client-key-data");
            }

            foreach (var cluster in parsed.Clusters ?? [])
            {
                Refuse(!string.IsNullOrEmpty(cluster.ClusterEndpoint?.CertificateAuthority), $"cluster {cluster.Name}: certificate-authority names a file; use certificate-authority-data");
            }

            return K8sConfiguration.BuildConfigFromConfigObject(parsed);
        });
    }

    private static void Refuse(bool refused, string why)
    {
        if (refused)
        {
            throw new KubeConfigException(why);
        }
    }

    private static K8sConfiguration FromFiles(IReadOnlyList<string> files, string? context)
    {
        var source = $"kubeconfig {string.Join(", ", files)}";
        return Build(source, () =>
        {
            var merged = K8sConfiguration.LoadKubeConfig(new FileInfo(files[0]));
            foreach (var file in files.Skip(1))
            {
                MergeInto(merged, K8sConfiguration.LoadKubeConfig(new FileInfo(file)));
            }

            return K8sConfiguration.BuildConfigFromConfigObject(merged, EmptyToNull(context));
        });
    }

    /// <summary>
    /// kubectl's rule for a KUBECONFIG list: the first file naming a cluster, user or context wins, and so does the first
    /// current-context. The library merges lists only inside BuildDefaultConfig, which takes no context.
    /// </summary>
    private static void MergeInto(K8SConfiguration first, K8SConfiguration later)
    {
        first.CurrentContext = string.IsNullOrEmpty(first.CurrentContext) ? later.CurrentContext : first.CurrentContext;
        first.Clusters = FirstWins(first.Clusters, later.Clusters, c => c.Name);
        first.Users = FirstWins(first.Users, later.Users, u => u.Name);
        first.Contexts = FirstWins(first.Contexts, later.Contexts, c => c.Name);
    }

    private static List<T> FirstWins<T>(IEnumerable<T>? first, IEnumerable<T>? later, Func<T, string> name)
    {
        var result = (first ?? []).ToList();
        var names = result.Select(name).ToHashSet(StringComparer.Ordinal);
        result.AddRange((later ?? []).Where(item => names.Add(name(item))));
        return result;
    }

    private static K8sConfiguration Build(string source, Func<K8sConfiguration> build)
    {
        try
        {
            return build();
        }
        catch (KubeConfigException ex)
        {
            throw new KubernetesConfigException($"{source}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or YamlDotNet.Core.YamlException)
        {
            // Messages of these name files or YAML positions, not the credentials themselves.
            throw new KubernetesConfigException($"{source}: {ex.Message}", ex);
        }
    }

    private static string? EmptyToNull(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
