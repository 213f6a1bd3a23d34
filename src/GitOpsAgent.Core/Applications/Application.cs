using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace GitOpsAgent.Core.Applications;

/// <summary>
/// The gitopsagent.io/v1alpha1 Application custom resource. The single C# shape of crds/applications.gitopsagent.io.yaml;
/// <see cref="ApplicationSerializer"/> reads and writes it so that it round-trips with the YAML.
/// </summary>
public sealed class Application
{
    public const string Group = "gitopsagent.io";
    public const string Version = "v1alpha1";
    public const string ApiVersionValue = Group + "/" + Version;
    public const string KindValue = "Application";
    public const string Plural = "applications";

    public string ApiVersion { get; set; } = ApiVersionValue;

    public string Kind { get; set; } = KindValue;

    public ObjectMeta Metadata { get; set; } = new();

    public ApplicationSpec Spec { get; set; } = new();

    public ApplicationStatus? Status { get; set; }
}

/// <summary>The metadata fields the controller reads and writes; everything else is kept as extension data.</summary>
public sealed class ObjectMeta
{
    public string? Name { get; set; }

    public string? Namespace { get; set; }

    public string? Uid { get; set; }

    public string? ResourceVersion { get; set; }

    public long? Generation { get; set; }

    public string? CreationTimestamp { get; set; }

    public string? DeletionTimestamp { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public Dictionary<string, string>? Annotations { get; set; }

    public List<string>? Finalizers { get; set; }

    [JsonExtensionData]
    public Dictionary<string, System.Text.Json.JsonElement>? Extra { get; set; }
}

public sealed class ApplicationSpec
{
    public ApplicationSource Source { get; set; } = new();

    public ApplicationDestination? Destination { get; set; }

    public SyncPolicy? SyncPolicy { get; set; }

    public List<IgnoreDifference>? IgnoreDifferences { get; set; }

    /// <summary>A Git repository that spec.source.helm.valuesFiles entries starting with "$values/" are read from (a chart source only).</summary>
    public ValuesSource? ValuesSource { get; set; }

    /// <summary>Stops every write to the cluster for this Application; status still shows drift.</summary>
    public bool? Suspend { get; set; }

    /// <summary>Orphan (default) keeps deployed objects when the Application is deleted; Delete removes them first.</summary>
    public string? DeletionPolicy { get; set; }

    /// <summary>
    /// A ServiceAccount of the Application's namespace: every read, dry run, apply and prune for this Application runs
    /// as it (impersonation), so its RBAC bounds what the repository can do. Default: the controller's
    /// --default-service-account, else the controller's own identity.
    /// </summary>
    public string? ServiceAccountName { get; set; }
    /// <summary>Applications that must be Ready at their current revision before this one syncs.</summary>
    public List<ApplicationReference>? DependsOn { get; set; }

    /// <summary>
    /// Set (even empty), the rendered manifests' ${name} references are expanded before parsing, strictly: with these
    /// literal values, then <see cref="SubstituteFrom"/>'s, then the cluster's variables (cluster.name, cluster.labels.KEY).
    /// </summary>
    public Dictionary<string, string>? Substitute { get; set; }

    /// <summary>ConfigMaps and Secrets of the Application's namespace whose data keys are variables for substitution (later entries win; spec.substitute wins over all).</summary>
    public List<SubstituteReference>? SubstituteFrom { get; set; }
}

/// <summary>A ConfigMap or Secret in the Application's namespace whose data are substitution variables.</summary>
public sealed class SubstituteReference
{
    public const string ConfigMapKind = "ConfigMap";
    public const string SecretKind = "Secret";

    /// <summary>ConfigMap or Secret.</summary>
    public string Kind { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>A missing optional one is skipped; a missing required one fails the reconcile (SubstitutionFailed).</summary>
    public bool? Optional { get; set; }
}

/// <summary>Another Application, by name; the namespace defaults to the referring Application's own.</summary>
public sealed class ApplicationReference
{
    public string Name { get; set; } = "";

    public string? Namespace { get; set; }
}

public sealed class ApplicationSource
{
    /// <summary>A Git repository; with <see cref="Chart"/>, a chart repository (http, https) or an OCI registry (oci://).</summary>
    [JsonPropertyName("repoURL")]
    public string RepoURL { get; set; } = "";

    /// <summary>
    /// Git: branch, tag, full or short commit SHA, or HEAD (the default). A chart: an exact version, a semver range
    /// (4.11.x, &gt;=1.2 &lt;2, ^1.2), HEAD or * for the newest release, or for OCI a digest (sha256:...).
    /// </summary>
    public string? TargetRevision { get; set; }

    /// <summary>The chart's name in the chart repository or OCI registry at <see cref="RepoURL"/>; set, this source is a chart, not Git.</summary>
    public string? Chart { get; set; }

    /// <summary>Directory inside the repository, relative; "" or "." is the root.</summary>
    public string? Path { get; set; }

    public SecretReference? CredentialsSecretRef { get; set; }

    /// <summary>Auto (default: detected from the directory), Plain, Kustomize or Helm.</summary>
    public string? Renderer { get; set; }

    public DirectorySource? Directory { get; set; }

    public KustomizeSource? Kustomize { get; set; }

    public HelmSource? Helm { get; set; }
}

/// <summary>The Git repository values files come from when the chart comes from elsewhere (Argo CD's $values).</summary>
public sealed class ValuesSource
{
    [JsonPropertyName("repoURL")]
    public string RepoURL { get; set; } = "";

    /// <summary>Branch, tag, full or short commit SHA, or HEAD (the default).</summary>
    public string? TargetRevision { get; set; }

    /// <summary>Git credentials in the Application's namespace, as spec.source.credentialsSecretRef.</summary>
    public SecretReference? CredentialsSecretRef { get; set; }
}

public sealed class SecretReference
{
    public string Name { get; set; } = "";

    /// <summary>Defaults to the Application's namespace.</summary>
    public string? Namespace { get; set; }
}

public sealed class DirectorySource
{
    public bool? Recurse { get; set; }

    public List<string>? Include { get; set; }

    public List<string>? Exclude { get; set; }
}

public sealed class KustomizeSource
{
    /// <summary>Remote bases are off unless the controller's configuration allows them and this asks for them.</summary>
    public bool? EnableRemoteBases { get; set; }
}

public sealed class HelmSource
{
    public string? ReleaseName { get; set; }

    public List<string>? ValuesFiles { get; set; }

    /// <summary>Inline values as a YAML document.</summary>
    public string? Values { get; set; }

    public List<HelmParameter>? Parameters { get; set; }

    /// <summary>Lets helm fetch or read what $ref/$schema in values.schema.json name outside the schema; off, such a chart is refused.</summary>
    public bool? AllowRemoteSchemaReferences { get; set; }
}

public sealed class HelmParameter
{
    public string Name { get; set; } = "";

    public string Value { get; set; } = "";

    /// <summary>Pass with --set-string rather than --set.</summary>
    public bool? ForceString { get; set; }
}

public sealed class ApplicationDestination
{
    /// <summary>Namespace for namespaced objects that name none; default: the Application's own namespace.</summary>
    public string? Namespace { get; set; }

    /// <summary>A remote cluster to deploy into instead of the controller's own; null: the controller's cluster.</summary>
    public KubeConfigReference? KubeConfig { get; set; }
}

/// <summary>Where a remote destination's kubeconfig is: a Secret in the Application's own namespace (there is no namespace field, so no other).</summary>
public sealed class KubeConfigReference
{
    public KubeConfigSecretReference SecretRef { get; set; } = new();
}

public sealed class KubeConfigSecretReference
{
    public const string DefaultKey = "value";

    public string Name { get; set; } = "";

    /// <summary>The key of the Secret's data holding the kubeconfig; default "value".</summary>
    public string? Key { get; set; }

    [JsonIgnore]
    public string EffectiveKey => string.IsNullOrEmpty(Key) ? DefaultKey : Key;
}

public sealed class SyncPolicy
{
    public AutomatedSync? Automated { get; set; }

    /// <summary>Go-style duration ("3m", "1h30m"); the poll interval. Default 3m.</summary>
    public string? Interval { get; set; }

    public RetryPolicy? Retry { get; set; }

    /// <summary>Create the destination namespace when it is missing.</summary>
    public bool? CreateNamespace { get; set; }

    /// <summary>Take ownership of fields other managers hold (server-side apply force). Default true.</summary>
    public bool? Force { get; set; }

    /// <summary>How long one wave may take to become Healthy, or one phase's hooks to complete (Go duration). Default 10m.</summary>
    public string? WaveTimeout { get; set; }
}

public sealed class AutomatedSync
{
    public bool? Prune { get; set; }

    public bool? SelfHeal { get; set; }

    /// <summary>Allow a sync that would prune everything because the render is empty.</summary>
    public bool? AllowEmpty { get; set; }
}

public sealed class RetryPolicy
{
    public int? Limit { get; set; }

    public RetryBackoff? Backoff { get; set; }
}

public sealed class RetryBackoff
{
    public string? Duration { get; set; }

    public double? Factor { get; set; }

    public string? MaxDuration { get; set; }
}

public sealed class IgnoreDifference
{
    public string? Group { get; set; }

    public string Kind { get; set; } = "";

    public string? Name { get; set; }

    public string? Namespace { get; set; }

    public List<string>? JsonPointers { get; set; }

    public List<string>? ManagedFieldsManagers { get; set; }
}
