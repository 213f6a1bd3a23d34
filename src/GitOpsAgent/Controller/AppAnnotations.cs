namespace GitOpsAgent.Controller;

/// <summary>Annotations and finalizers users put on Applications and managed objects.</summary>
public static class AppAnnotations
{
    /// <summary>On an Application: re-read Git now (any value). Removed once done.</summary>
    public const string Refresh = "gitopsagent.io/refresh";

    /// <summary>On an Application: sync now even when not automated; "prune" also prunes. Removed once done.</summary>
    public const string Sync = "gitopsagent.io/sync";

    /// <summary>On an Application with spec.deletionPolicy: Delete: its objects are deleted before it goes.</summary>
    public const string ResourcesFinalizer = "gitopsagent.io/resources";
}
