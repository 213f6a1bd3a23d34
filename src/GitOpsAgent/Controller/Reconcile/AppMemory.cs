using GitOpsAgent.Core.Status;
using GitOpsAgent.Git;

namespace GitOpsAgent.Controller.Reconcile;

/// <summary>What the controller remembers about an Application between reconciles (lost on restart by design: status holds the truth).</summary>
internal sealed class AppMemory
{
    public string? Revision { get; set; }

    public CommitInfo? Commit { get; set; }

    public GitCheckout? Checkout { get; set; }

    /// <summary>The (repoURL, targetRevision) that <see cref="Revision"/> answers.</summary>
    public (string RepoUrl, string TargetRevision)? ResolvedFor { get; set; }

    /// <summary>The chart source last resolved (spec.source.chart), with what answered it.</summary>
    public ChartSourceMemory? Chart { get; set; }

    /// <summary>The substitution variables last read, with the spec.substitute/substituteFrom they answer (a JSON key).</summary>
    public (string SpecKey, Core.Variables.VariableSet Variables)? Substitutions { get; set; }

    /// <summary>Consecutive failed reconciles, for the retry backoff and limit.</summary>
    public int Failures { get; set; }

    public int SelfHeals { get; set; }

    public DateTimeOffset LastSelfHeal { get; set; }

    public IReadOnlySet<(string ApiVersion, string Kind)> Kinds { get; set; } = new HashSet<(string, string)>();

    /// <summary>The last render of a Git source: a later commit that changes none of its inputs reuses it.</summary>
    public RenderMemory? LastRender { get; set; }
}

/// <summary>What a render of <paramref name="Revision"/> produced, for the request <paramref name="Fingerprint"/>, and what it read there.</summary>
internal sealed record RenderMemory(string Fingerprint, string Revision, IReadOnlyList<Core.Manifests.Manifest> Objects, Rendering.Inputs.ApplicationInputs Inputs);

/// <summary>A chart source's last answer: the pulled chart and values checkout for a spec key (repo, chart, constraint, values source).</summary>
internal sealed record ChartSourceMemory(string SpecKey, Rendering.Charts.PulledChart Chart, GitCheckout? Values, CommitInfo? Commit, string Revision);
