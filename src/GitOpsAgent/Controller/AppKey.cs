namespace GitOpsAgent.Controller;

/// <summary>An Application's namespace and name: the work queue's key.</summary>
public readonly record struct AppKey(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}

/// <summary>Why a reconcile was asked for; several reasons can accumulate while a key waits.</summary>
[Flags]
public enum ReconcileTriggers
{
    None = 0,

    /// <summary>The poll interval elapsed: ask Git whether the branch moved.</summary>
    Poll = 1,

    /// <summary>The Application itself changed (spec, annotations, deletion).</summary>
    ApplicationChanged = 2,

    /// <summary>A managed object changed: re-diff against the last rendered revision, no Git request needed.</summary>
    ObjectChanged = 4,

    /// <summary>A push webhook named the repository: ask Git now.</summary>
    Webhook = 8,

    /// <summary>An Application of spec.dependsOn became Ready (or stopped being): a waiting sync may start now.</summary>
    DependencyReady = 16,
    /// <summary>An AppPolicy governing the Application changed: check it again.</summary>
    PolicyChanged = 32,
}

/// <summary>What the controller does next with a key.</summary>
public sealed record ReconcileResult(TimeSpan? RequeueAfter, bool Failed = false)
{
    public static ReconcileResult Done { get; } = new((TimeSpan?)null);
}
