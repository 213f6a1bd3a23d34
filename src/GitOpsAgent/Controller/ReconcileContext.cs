using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Health;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Git;

namespace GitOpsAgent.Controller;

/// <summary>The state one reconcile builds up as its steps run.</summary>
internal sealed class ReconcileContext(AppKey key, JsonObject appObject, Application app, ApplicationStatus previousStatus, ReconcileTriggers triggers, DateTimeOffset startedAt)
{
    public AppKey Key { get; } = key;

    public JsonObject AppObject { get; } = appObject;

    public Application App { get; } = app;

    public AppIdentity Identity { get; } = new(key.Namespace, key.Name);

    public ReconcileTriggers Triggers { get; } = triggers;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public ApplicationStatus PreviousStatus { get; } = previousStatus;

    /// <summary>The status this reconcile will write; starts as a copy of the previous one.</summary>
    public ApplicationStatus Status { get; } = Clone(previousStatus);

    public long Generation => App.Metadata.Generation ?? 0;

    public string? Revision { get; set; }

    public GitCheckout? Checkout { get; set; }

    public IReadOnlyList<Manifest> Desired { get; set; } = [];

    public IReadOnlyList<ResourceDiff> Diffs { get; set; } = [];

    public IReadOnlyList<JsonObject> LiveTracked { get; set; } = [];

    /// <summary>Live objects by key after compare/sync, for health.</summary>
    public Dictionary<ResourceKey, JsonObject> Live { get; } = [];

    public bool RenderSucceeded { get; set; }

    public HealthResult? Health { get; set; }

    public string? InitiatedBy { get; set; }

    public string? ManualSyncValue => App.Metadata.Annotations?.GetValueOrDefault(AppAnnotations.Sync);

    public bool RefreshRequested => App.Metadata.Annotations?.ContainsKey(AppAnnotations.Refresh) == true;

    public bool Suspended => App.Spec.Suspend == true;

    public bool Automated => App.Spec.SyncPolicy?.Automated is not null;

    private static ApplicationStatus Clone(ApplicationStatus status) =>
        ApplicationSerializer.StatusToJson(status).Deserialize<ApplicationStatus>(ApplicationSerializer.Options) ?? new ApplicationStatus();
}
