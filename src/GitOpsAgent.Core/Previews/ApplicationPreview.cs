using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Sync;

namespace GitOpsAgent.Core.Previews;

/// <summary>How one Application fares in a preview.</summary>
public enum PreviewOutcome
{
    /// <summary>None of its inputs changed between base and head: not rendered.</summary>
    Unaffected,

    /// <summary>Rendered at both revisions; the head renders the same objects.</summary>
    Unchanged,

    /// <summary>The head creates, modifies or prunes objects.</summary>
    Changed,

    /// <summary>The head does not render (or the preview could not be computed): the errors say where.</summary>
    Failed,
}

/// <summary>
/// One Application's preview: what the head changes against the base (<see cref="Changes"/>: a diff per object the
/// head renders, and a prune per object only the base renders), and with a cluster what applying the head would
/// change on the live objects (<see cref="LiveChanges"/>, three-way as the controller applies). Errors name file and line.
/// </summary>
public sealed record ApplicationPreview(AppIdentity Application, string Path)
{
    public bool Rendered { get; init; }

    /// <summary>The input paths that differ between base and head (why it was rendered).</summary>
    public IReadOnlyList<string> ChangedInputs { get; init; } = [];

    public IReadOnlyList<ResourceDiff> Changes { get; init; } = [];

    /// <summary>Null when the preview ran without a cluster.</summary>
    public IReadOnlyList<ResourceDiff>? LiveChanges { get; init; }

    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>What a reader should know that is not an error (the base did not render, so everything shows as created).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public PreviewOutcome Outcome =>
        Errors.Count > 0 ? PreviewOutcome.Failed
        : !Rendered ? PreviewOutcome.Unaffected
        : Changes.Any(c => !c.IsInSync) ? PreviewOutcome.Changed
        : PreviewOutcome.Unchanged;

    public int Count(DiffAction action) => Changes.Count(c => c.Action == action);
}

/// <summary>
/// Every Application that sources from the repository, previewed from <see cref="Base"/> to <see cref="Head"/> (full
/// SHAs). <see cref="ExitCode"/> is the CLI's: 0 nothing changes, 1 something changes, 2 an Application has errors.
/// </summary>
public sealed record PreviewReport(string Repository, string Base, string Head, IReadOnlyList<ApplicationPreview> Applications)
{
    public int ExitCode =>
        Applications.Any(a => a.Outcome == PreviewOutcome.Failed) ? 2
        : Applications.Any(a => a.Outcome == PreviewOutcome.Changed) ? 1
        : 0;
}
