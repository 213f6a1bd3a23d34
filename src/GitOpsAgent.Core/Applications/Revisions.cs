namespace GitOpsAgent.Core.Applications;

/// <summary>
/// An Application's revision as status, history, Events and logs carry it: a Git commit SHA, or for a chart
/// "VERSION@sha256:DIGEST" (Flux's form), so a chart republished under the same version is a new revision.
/// </summary>
public static class Revisions
{
    private const string DigestSeparator = "@sha256:";

    /// <summary>The revision of a chart version with the digest of its archive or OCI manifest.</summary>
    public static string OfChart(string version, string digest)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(digest);
        return $"{version}@{digest}";
    }

    /// <summary>The chart version of a chart revision, or null for a commit SHA.</summary>
    public static string? ChartVersion(string? revision)
    {
        var at = revision?.IndexOf(DigestSeparator, StringComparison.Ordinal) ?? -1;
        return at > 0 ? revision![..at] : null;
    }

    /// <summary>What messages show: a chart's version, or a commit's first seven characters.</summary>
    public static string Short(string? revision) => revision is null ? "an unknown revision"
        : ChartVersion(revision) ?? revision[..Math.Min(7, revision.Length)];
}
