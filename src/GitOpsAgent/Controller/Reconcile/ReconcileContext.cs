using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Health;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Policy;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Controller.Reconcile;

/// <summary>Which step a reconcile is in: decides what reason a failure there gets.</summary>
internal enum ReconcileStage
{
    Spec,
    Destination,
    Deletion,
    Source,
    Render,
    Compare,
    DryRun,
    Apply,
    Prune,
    Health,
}

/// <summary>The state one reconcile builds up as its steps run; what it learned becomes the observation for the status.</summary>
internal sealed class ReconcileContext(AppKey key, JsonObject appObject, Application app, ReconcileTriggers triggers, AppMemory memory)
{
    public AppKey Key { get; } = key;

    public JsonObject AppObject { get; } = appObject;

    /// <summary>The Application; once the spec step ran, with the cluster's variables expanded in its source fields.</summary>
    public Application App { get; set; } = app;

    public AppIdentity Identity { get; } = new(key.Namespace, key.Name);

    public ReconcileTriggers Triggers { get; } = triggers;

    public AppMemory Memory { get; } = memory;

    /// <summary>
    /// The API of this Application's reads, dry runs, applies and prunes: impersonating <see cref="ServiceAccount"/>
    /// when it has one, on its <see cref="Destination"/>. Its status, Events and finalizers are written with the
    /// controller's own identity, on the controller's cluster.
    /// </summary>
    public required IKubernetesApi Api { get; set; }

    /// <summary>
    /// The API of the Application's own namespace on the controller's cluster, as the Application (its ServiceAccount
    /// when it has one): where the Secrets and ConfigMaps its spec names live (Git and chart credentials,
    /// substituteFrom, the kubeconfig of a remote destination), whatever cluster it deploys into.
    /// </summary>
    public required IKubernetesApi HomeApi { get; init; }

    /// <summary>The cluster the Application deploys into (the controller's own until its destination step ran).</summary>
    public required Destinations.Destination Destination { get; set; }

    /// <summary>The ServiceAccount the Application acts as (spec.serviceAccountName or the controller's default); null: the controller's identity.</summary>
    public ServiceAccountRef? ServiceAccount { get; init; }

    /// <summary>The policy check's verdict, once it ran.</summary>
    public PolicyVerdict? Policy { get; set; }

    public ApplicationStatus PreviousStatus { get; } = app.Status ?? new ApplicationStatus();

    public long Generation => App.Metadata.Generation ?? 0;

    public ReconcileStage Stage { get; set; }

    public string? Revision { get; set; }

    public CommitInfo? Commit { get; set; }

    public GitCheckout? Checkout { get; set; }

    /// <summary>A chart source's pulled chart (then <see cref="Checkout"/> is null and <see cref="ValuesCheckout"/> may be set).</summary>
    public Rendering.Charts.PulledChart? Chart { get; set; }

    /// <summary>The checkout of spec.valuesSource, for "$values/" files.</summary>
    public GitCheckout? ValuesCheckout { get; set; }

    /// <summary>A chart source's credentials, for its dependencies on the same host.</summary>
    public Rendering.Charts.ChartCredentials? ChartCredentials { get; set; }

    /// <summary>The variables of spec.substitute for the render (literal, substituteFrom, cluster); null: the Application substitutes nothing.</summary>
    public Core.Variables.VariableSet? Substitutions { get; set; }

    /// <summary>The managed objects: compared, applied, pruned, health-assessed (no hooks).</summary>
    public IReadOnlyList<Manifest> Desired { get; set; } = [];

    /// <summary>The hooks of the render: run once per sync in their phase, never compared or pruned.</summary>
    public IReadOnlyList<Manifest> Hooks { get; set; } = [];

    /// <summary>Hooks of this Application in the cluster now (from the cache, then as the sync writes them).</summary>
    public Dictionary<ResourceKey, JsonObject> LiveHooks { get; } = [];

    /// <summary>Null until the comparison ran; after a sync, reflects what the sync did.</summary>
    public IReadOnlyList<ResourceDiff>? Diffs { get; set; }

    public IReadOnlyList<JsonObject> LiveTracked { get; set; } = [];

    /// <summary>Live objects by key after compare/sync, for health.</summary>
    public Dictionary<ResourceKey, JsonObject> Live { get; } = [];

    public bool RenderSucceeded { get; set; }

    public HealthResult? Health { get; set; }

    public IReadOnlyList<ResourceStatus>? Resources { get; set; }

    public OperationState? Operation { get; set; }

    /// <summary>How the reconcile ends if every later step continues (a wait that still lets health be assessed).</summary>
    public ReconcileOutcome? Deferred { get; set; }

    /// <summary>
    /// A sync that ran to its end served the sync request even when a hook failed (retrying it would fail the same
    /// way): the request is recorded as handled and removed, though the reconcile did not succeed.
    /// </summary>
    public bool RequestServed { get; set; }

    /// <summary>The Application is gone (its finalizer removed, or it was deleted without one): no status to write.</summary>
    public bool Gone { get; set; }

    public string? ManualSyncValue => App.Metadata.Annotations?.GetValueOrDefault(AppAnnotations.Sync);

    public string? RefreshValue => App.Metadata.Annotations?.GetValueOrDefault(AppAnnotations.Refresh);

    public bool RefreshRequested => RefreshValue is not null;

    public bool Suspended => App.Spec.Suspend == true;

    public bool Automated => App.Spec.SyncPolicy?.Automated is not null;

    public string ShortRevision => Revision is null ? "" : Revisions.Short(Revision);

    /// <summary>What this reconcile learned, for the status calculator.</summary>
    public ReconcileObservation Observe(DateTimeOffset now, bool succeeded) => new()
    {
        Now = now,
        Generation = Generation,
        Suspended = Suspended,
        Automated = Automated,
        AttemptedRevision = Revision,
        AttemptedValuesRevision = ValuesCheckout?.CommitSha,
        Commit = Commit,
        Comparison = Diffs is null ? null : new ComparisonSummary(Diffs.Where(d => !d.IsInSync).Select(DesiredStateComparer.Describe).ToList()),
        Resources = Resources,
        Health = Health,
        Operation = Operation,

        // A request is handled once a reconcile served it in full; a failed one leaves it pending for the next.
        HandledRequest = succeeded || RequestServed ? ManualSyncValue ?? RefreshValue : null,
    };
}
