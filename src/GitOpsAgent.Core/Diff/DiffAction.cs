namespace GitOpsAgent.Core.Diff;

/// <summary>What a sync would have to do with one object.</summary>
public enum DiffAction
{
    InSync,
    Create,
    Prune,
    Modified,
}
