namespace GitOpsAgent.Core.Status;

/// <summary>
/// How a revision is shown to people: a commit SHA as its first 7 characters (git's short form), anything else (a
/// chart version, a tag) whole, since cutting "10.20.300" to 7 characters would name another version.
/// </summary>
public static class RevisionText
{
    public const int ShortShaLength = 7;

    /// <summary>A commit SHA cut to 7; a chart revision as its version (see <see cref="Applications.Revisions"/>); anything else whole.</summary>
    public static string Short(string revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        return IsCommitSha(revision) ? revision[..ShortShaLength]
            : Applications.Revisions.ChartVersion(revision) is not null ? Applications.Revisions.Short(revision)
            : revision;
    }

    /// <summary>A full SHA-1 (40) or SHA-256 (64) object name.</summary>
    public static bool IsCommitSha(string revision) => revision.Length is 40 or 64 && revision.All(char.IsAsciiHexDigit);
}
