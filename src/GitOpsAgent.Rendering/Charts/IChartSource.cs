using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Rendering.Charts;

/// <summary>A chart by repository and name: a chart repository (http, https) or an OCI registry path (oci://host/path).</summary>
public sealed record ChartReference(string RepoUrl, string Name)
{
    public bool IsOci => ChartSourceKinds.IsOci(RepoUrl);

    /// <summary>"NAME from URL" without userinfo, for messages.</summary>
    public override string ToString() => $"chart \"{Name}\" from {GitOpsAgent.Git.RepoUrl.Redact(RepoUrl)}";
}

/// <summary>
/// A version chosen from what the repository publishes. <see cref="Digest"/> is the revision's digest when known
/// before the pull (the index's archive digest, the OCI manifest's); the archive is where the bytes are fetched.
/// </summary>
public sealed record ResolvedChart(ChartReference Chart, string Version, string? Digest, Uri ArchiveUri, string? ArchiveDigest);

/// <summary>A chart extracted into an immutable folder: <see cref="Root"/>/<see cref="Folder"/> holds its Chart.yaml.</summary>
public sealed record PulledChart(ChartReference Chart, string Version, string Digest, string Root, string Folder, IReadOnlyList<string> Maintainers)
{
    /// <summary>The Application's revision: VERSION@sha256:DIGEST.</summary>
    public string Revision => Revisions.OfChart(Version, Digest);

    public string Directory => Path.Combine(Root, Folder);
}

/// <summary>Resolves chart versions and pulls charts (and chart dependencies), sharing requests between callers as the Git cache does.</summary>
public interface IChartSource
{
    /// <summary>The newest version satisfying <paramref name="constraint"/> (or the manifest a digest names). One index or tag-list request per repository per TTL, shared.</summary>
    Task<ResolvedChart> ResolveAsync(ChartReference chart, ChartVersionConstraint constraint, ChartCredentials? credentials, CancellationToken ct);

    /// <summary>The path of the verified archive (.tgz), downloaded once per digest.</summary>
    Task<string> PullArchiveAsync(ResolvedChart chart, ChartCredentials? credentials, CancellationToken ct);

    /// <summary>The archive extracted (safely, within limits) into a folder kept per digest.</summary>
    Task<PulledChart> PullAsync(ResolvedChart chart, ChartCredentials? credentials, CancellationToken ct);

    /// <summary>Forgets cached index, tag and manifest answers of a repository (a refresh request).</summary>
    void Invalidate(string repoUrl);
}
