namespace GitOpsAgent.Core.Applications;

/// <summary>
/// An Application's revision as status, history, Events and logs carry it: a Git commit SHA; for a chart
/// "VERSION@sha256:DIGEST" (Flux's form), so a chart republished under the same version is a new revision; and with
/// values from Git "VERSION@sha256:DIGEST;values:SHA", so a new values commit is a new revision too (synced,
/// recorded in history, rolled back) exactly like a new chart version.
/// </summary>
public static class Revisions
{
    private const string DigestSeparator = "@sha256:";
    private const string ValuesSeparator = ";values:";

    /// <summary>The revision of a chart version with the digest of its archive or OCI manifest, and the values commit when there is one.</summary>
    public static string OfChart(string version, string digest, string? valuesCommit = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(digest);
        return valuesCommit is { Length: > 0 } ? $"{version}@{digest}{ValuesSeparator}{valuesCommit}" : $"{version}@{digest}";
    }

    /// <summary>The chart version of a chart revision, or null for a commit SHA.</summary>
    public static string? ChartVersion(string? revision)
    {
        var at = revision?.IndexOf(DigestSeparator, StringComparison.Ordinal) ?? -1;
        return at > 0 ? revision![..at] : null;
    }

    /// <summary>The values commit of a chart revision with values from Git, or null.</summary>
    public static string? ValuesCommit(string? revision)
    {
        var at = revision?.IndexOf(ValuesSeparator, StringComparison.Ordinal) ?? -1;
        return at > 0 ? revision![(at + ValuesSeparator.Length)..] : null;
    }

    /// <summary>What messages show: a chart's version (with its values commit's short form), a commit's first seven characters, anything else whole.</summary>
    public static string Short(string? revision)
    {
        if (revision is null)
        {
            return "an unknown revision";
        }

        if (ChartVersion(revision) is not { } version)
        {
            return Status.RevisionText.Short(revision);
        }

        return ValuesCommit(revision) is { } values ? $"{version} (values {Status.RevisionText.Short(values)})" : version;
    }
}
