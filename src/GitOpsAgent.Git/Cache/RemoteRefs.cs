namespace GitOpsAgent.Git;

/// <summary>The refs a remote advertised (parsed `git ls-remote` output) and how a revision name maps onto them.</summary>
internal sealed class RemoteRefs
{
    private readonly Dictionary<string, string> _shaByRef;

    private RemoteRefs(Dictionary<string, string> shaByRef) => _shaByRef = shaByRef;

    public int Count => _shaByRef.Count;

    public static RemoteRefs Parse(string lsRemoteOutput)
    {
        var refs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lsRemoteOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab != 40 || !CommitSha.IsFull(line[..tab]))
                continue;
            refs[line[(tab + 1)..]] = line[..tab].ToLowerInvariant();
        }

        return new RemoteRefs(refs);
    }

    /// <summary>Branch first, then tag (peeled to its commit), then HEAD or a full ref name; null when none matches.</summary>
    public string? Resolve(string revision)
    {
        if (revision == "HEAD")
            return Lookup("HEAD");
        if (revision.StartsWith("refs/", StringComparison.Ordinal))
            return Peeled(revision) ?? Lookup(revision);
        return Lookup("refs/heads/" + revision) ?? Peeled("refs/tags/" + revision) ?? Lookup("refs/tags/" + revision);
    }

    private string? Peeled(string tagRef) => Lookup(tagRef + "^{}");

    private string? Lookup(string name) => _shaByRef.TryGetValue(name, out var sha) ? sha : null;
}
