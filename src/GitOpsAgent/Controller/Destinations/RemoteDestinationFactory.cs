using GitOpsAgent.Controller.Cache;
using GitOpsAgent.Kubernetes;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Controller.Destinations;

/// <summary>Builds a remote destination from kubeconfig text; <paramref name="source"/> names where the text came from, for errors.</summary>
public delegate Destination RemoteDestinationFactory(string kubeconfig, string source);

/// <summary>The production factory: a <see cref="KubernetesCluster"/> per kubeconfig, with the controller's rate limit and request metrics.</summary>
public static class RemoteClusters
{
    public static RemoteDestinationFactory Factory(KubernetesClusterOptions clusterOptions, IKubernetesRequestObserver? observer, ILoggerFactory loggerFactory, TimeProvider time, TimeSpan watchSyncTimeout) =>
        (kubeconfig, source) =>
        {
            // The kubeconfig's current context, inline credentials only; errors name the Secret and a field or YAML position, never a value.
            var configuration = KubernetesConfigLoader.FromUntrustedKubeconfigText(kubeconfig, source);
            var availability = new ClusterAvailability(observer);
            var cluster = new KubernetesCluster(configuration, clusterOptions, availability, loggerFactory.CreateLogger<KubernetesCluster>(), time);
            var cache = new ClusterCache(cluster.Api, loggerFactory, time) { SyncTimeout = watchSyncTimeout };
            return new Destination(NameOf(cluster.Server, source), cluster.Api, cluster, cache, new CustomResourceSchemas(cluster.Api, time), cluster, availability);
        };

    /// <summary>"cluster https://host:6443 (kubeconfig in Secret ns/name)": scheme, host, port and path only (user info could be a password).</summary>
    public static string NameOf(Uri server, string source) =>
        $"cluster {server.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/')} ({source})";
}
