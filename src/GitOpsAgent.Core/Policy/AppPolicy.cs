using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Core.Policy;

/// <summary>
/// The gitopsagent.io/v1alpha1 AppPolicy custom resource (crds/apppolicies.gitopsagent.io.yaml): what the
/// Applications of its namespace may deploy. A policy marked <see cref="AppPolicySpec.Default"/> in the controller's
/// namespace governs every namespace that has none of its own.
/// </summary>
public sealed class AppPolicy
{
    public const string KindValue = "AppPolicy";
    public const string Plural = "apppolicies";
    public const string ApiVersionValue = Application.ApiVersionValue;

    public ObjectMeta Metadata { get; set; } = new();

    public AppPolicySpec Spec { get; set; } = new();

    public static AppPolicy FromJson(JsonNode node) =>
        node.Deserialize<AppPolicy>(ApplicationSerializer.Options) ?? throw new JsonException("an AppPolicy must be an object");
}

/// <summary>Every field is optional; what an absent one means is the safe choice (see each).</summary>
public sealed class AppPolicySpec
{
    /// <summary>In the controller's namespace: the policy of every namespace without an AppPolicy of its own. Elsewhere it means nothing.</summary>
    public bool? Default { get; set; }

    /// <summary>Globs the Application's spec.source.repoURL must match ("*" within a path segment, "**" across); absent: any repository.</summary>
    public List<string>? SourceRepos { get; set; }

    /// <summary>Globs of the namespaces objects may be deployed into; absent: only the Application's own namespace.</summary>
    public List<string>? Destinations { get; set; }

    /// <summary>Cluster-scoped kinds (other than Namespace, see <see cref="CreateNamespaces"/>); absent allow: none.</summary>
    public KindRules? ClusterResources { get; set; }

    /// <summary>Namespaced kinds; absent allow: every kind.</summary>
    public KindRules? NamespacedResources { get; set; }

    /// <summary>May Namespace objects in Git, or syncPolicy.createNamespace, create (or change) namespaces among the destinations; absent: no.</summary>
    public bool? CreateNamespaces { get; set; }

    /// <summary>May an object tracked by another Application be taken over; absent: no (OwnedByAnotherApplication).</summary>
    public bool? AllowTakeOver { get; set; }
}

/// <summary>A kind is allowed when some entry of <see cref="Allow"/> matches it and none of <see cref="Deny"/> does.</summary>
public sealed class KindRules
{
    public List<KindPattern>? Allow { get; set; }

    public List<KindPattern>? Deny { get; set; }
}

/// <summary>An API group and a kind, each a glob ("*" any); group "" is the core group.</summary>
public sealed class KindPattern
{
    public string Group { get; set; } = "";

    public string Kind { get; set; } = "";

    public override string ToString() => Group.Length == 0 ? Kind : $"{Kind}.{Group}";
}
