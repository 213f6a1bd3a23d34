namespace GitOpsAgent.Controller;

/// <summary>Everything `gitops-agent run` can be told (flags, GITOPSAGENT_* environment variables or appsettings.json).</summary>
public sealed class ControllerOptions
{
    public string? Kubeconfig { get; set; }

    public string? Context { get; set; }

    /// <summary>HOST:PORT for /metrics, /healthz, /readyz and /api/webhook.</summary>
    public string HttpAddress { get; set; } = "0.0.0.0:8080";

    /// <summary>Optional separate HOST:PORT for /healthz, /readyz and /metrics, keeping webhooks on HttpAddress.</summary>
    public string? ProbeAddress { get; set; }

    /// <summary>Default poll interval for Applications that set none.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(3);

    public int Workers { get; set; } = 8;

    public int Shard { get; set; }

    public int Shards { get; set; } = 1;

    public bool LeaderElect { get; set; } = true;

    public string LeaseName { get; set; } = "gitops-agent";

    /// <summary>Namespace of the Lease; defaults to the pod's namespace or "default".</summary>
    public string? LeaseNamespace { get; set; }

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Leader identity; defaults to POD_NAME or the host name plus a random suffix.</summary>
    public string? Identity { get; set; }

    /// <summary>json, text or auto (json when not on a terminal).</summary>
    public string LogFormat { get; set; } = "auto";

    public string CacheDir { get; set; } = Path.Combine(Path.GetTempPath(), "gitops-agent");

    /// <summary>Directories whose local repositories (file:// URLs, paths) Applications may name; empty refuses every local repository.</summary>
    public List<string> AllowLocalRepositories { get; set; } = [];

    /// <summary>Only watch Applications in these namespaces (namespaced installs); empty = all namespaces.</summary>
    public List<string> WatchNamespaces { get; set; } = [];

    /// <summary>ConfigMap (in the lease namespace) whose data key "overrides.yaml" holds health overrides.</summary>
    public string? HealthOverridesConfigMap { get; set; }

    public string FieldManager { get; set; } = "gitops-agent";

    /// <summary>
    /// The ServiceAccount (in each Application's own namespace) that Applications without spec.serviceAccountName act
    /// as; empty: such Applications act with the controller's own identity.
    /// </summary>
    public string? DefaultServiceAccount { get; set; }

    /// <summary>The controller's own namespace, whose Applications belong to the platform team; default POD_NAMESPACE, else "gitops-agent".</summary>
    public string? ControllerNamespace { get; set; }

    /// <summary>Where the platform team's Applications live (<see cref="ControllerNamespace"/> resolved).</summary>
    public string EffectiveControllerNamespace =>
        ControllerNamespace is { Length: > 0 } ns ? ns : Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } pod ? pod : "gitops-agent";

    public string? OtlpEndpoint { get; set; }

    /// <summary>The name of the cluster this controller runs in: ${cluster.name} in Applications, the cluster label of the app metrics.</summary>
    public string? ClusterName { get; set; }

    /// <summary>The cluster's labels: ${cluster.labels.KEY} in Applications.</summary>
    public Dictionary<string, string> ClusterLabels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long shutdown waits for running reconciles.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time between applying a CRD and giving up waiting for it to be Established.</summary>
    public TimeSpan CrdEstablishTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long after a start of its kind a self-heal of the same Application waits, growing when another writer keeps reverting us.</summary>
    public TimeSpan SelfHealBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a watch started for a kind may take to list it before the reconcile that needs it fails (ClusterUnavailable).</summary>
    public TimeSpan WatchSyncTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Rendered (repository, commit, path, options) entries kept; above the number of Applications, every steady-state poll is a cache hit.</summary>
    public int RenderCacheSize { get; set; } = 1024;

    public double KubeQps { get; set; } = 100;

    public int KubeBurst { get; set; } = 200;

    public string? WebhookGitHubSecret { get; set; }

    public string? WebhookGitLabSecret { get; set; }

    public string? WebhookGiteaSecret { get; set; }

    public string? WebhookBitbucketSecret { get; set; }

    public string? WebhookBitbucketServerSecret { get; set; }

    /// <summary>Token that posts pull-request previews (commit status and comment) to GitHub; none: no GitHub previews.</summary>
    public string? PreviewGitHubToken { get; set; }

    /// <summary>GitHub's web address (GitHub Enterprise: https://HOST); the API address follows from it.</summary>
    public string PreviewGitHubUrl { get; set; } = "https://github.com";

    public string? PreviewGitLabToken { get; set; }

    public string PreviewGitLabUrl { get; set; } = "https://gitlab.com";

    public string? PreviewGiteaToken { get; set; }

    /// <summary>Gitea has no public default: previews need its web address and a token.</summary>
    public string? PreviewGiteaUrl { get; set; }

    public string EffectiveLeaseName => Shards > 1 ? $"{LeaseName}-shard-{Shard}" : LeaseName;
}
