using GitOpsAgent.Controller;
using GitOpsAgent.Controller.Destinations;
using GitOpsAgent.Controller.Reconcile;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Cli.App;

/// <summary>
/// The cluster an Application deploys into, reached as the controller reaches it: the one the user is connected to, or
/// for spec.destination.kubeConfig the cluster of its Secret, read with the caller's credentials on the hub (the user's in the CLI) and connected with
/// the controller's rules for a kubeconfig someone else wrote (current context, inline credentials only). Its
/// objects, discovery and list types are read there; the Application, its Secrets and the controller pods stay on the hub.
/// </summary>
internal sealed class ApplicationDestination : IDisposable
{
    private readonly KubernetesCluster? _remote;

    private ApplicationDestination(IKubernetesApi api, string name, KubernetesCluster? remote)
    {
        Api = api;
        Name = name;
        _remote = remote;
    }

    /// <summary>The API of the destination cluster, as the kubeconfig's user for a remote one (the controller's identity there).</summary>
    public IKubernetesApi Api { get; }

    /// <summary>"the cluster", or the remote's address and Secret (never a credential), as the controller names it.</summary>
    public string Name { get; }

    public static async Task<ApplicationDestination> ConnectAsync(IKubernetesApi hub, Application app, AppIdentity identity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(identity);
        if (app.Spec.Destination?.KubeConfig is not { } kubeConfig)
        {
            return new ApplicationDestination(hub, "the cluster", null);
        }

        var reference = kubeConfig.SecretRef;
        var what = $"Application {identity.Namespace}/{identity.Name}";
        string kubeconfig;
        try
        {
            kubeconfig = await KubeConfigSecret.ReadAsync(hub, identity.Namespace, reference, ct);
        }
        catch (KubernetesApiException ex) when (ex.StatusCode is 401 or 403)
        {
            throw new CliException(
                $"{what} deploys into the cluster of Secret {identity.Namespace}/{reference.Name} (spec.destination.kubeConfig.secretRef), which these credentials cannot read ({ex.StatusCode}): comparing against that cluster needs get on the Secret");
        }
        catch (Exception ex) when (ex is CredentialsNotFoundException or InvalidKubeConfigException)
        {
            throw new CliException($"{what}: {ex.Message}");
        }

        var source = KubeConfigSecret.SourceOf(identity.Namespace, reference);
        KubernetesCluster cluster;
        try
        {
            cluster = new KubernetesCluster(
                KubernetesConfigLoader.FromUntrustedKubeconfigText(kubeconfig, source),
                new KubernetesClusterOptions { MaxRetries = 1, RequestTimeout = TimeSpan.FromSeconds(30) });
        }
        catch (KubernetesConfigException ex)
        {
            throw new CliException($"{what}: {ex.Message}");
        }

        var destination = new ApplicationDestination(cluster.Api, RemoteClusters.NameOf(cluster.Server, source), cluster);
        try
        {
            // Discovery first, as the controller connects: a cluster that does not answer is named here, not as a bare "connection refused" later.
            _ = await cluster.Api.GetApiResourcesAsync(ct);
            return destination;
        }
        catch (Exception ex) when (ex is KubernetesException or HttpRequestException or TimeoutException)
        {
            destination.Dispose();
            throw new CliException($"{what}: {destination.Name} did not answer: {ex.Message}");
        }
    }

    public void Dispose() => _remote?.Dispose();
}
