using GitOpsAgent.Core.Applications;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Controller.Reconcile;

public sealed partial class Reconciler
{
    /// <summary>The ServiceAccount an Application acts as: spec.serviceAccountName, else --default-service-account, in its own namespace; null for the controller's own identity.</summary>
    private ServiceAccountRef? ServiceAccountOf(AppKey key, Application app) =>
        (app.Spec.ServiceAccountName is { Length: > 0 } own ? own : _options.DefaultServiceAccount) is { Length: > 0 } name
            ? new ServiceAccountRef(key.Namespace, name)
            : null;
}

/// <summary>A ServiceAccount an Application acts as.</summary>
internal readonly record struct ServiceAccountRef(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}
