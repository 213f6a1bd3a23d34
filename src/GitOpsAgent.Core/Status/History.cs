using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Core.Status;

/// <summary>The deployment history in status.history: one entry per revision deployed, newest last, bounded.</summary>
public static class History
{
    public const int DefaultLimit = 10;

    /// <summary>
    /// The history after a successful sync of <paramref name="entry"/>'s revision: unchanged when the newest entry is
    /// already that revision (a self-heal or a manual re-sync deploys nothing new), else with the entry appended (id =
    /// highest id + 1, starting at 1), keeping the last <paramref name="limit"/>. The input is not changed.
    /// </summary>
    public static List<HistoryEntry> Record(IReadOnlyList<HistoryEntry>? history, HistoryEntry entry, int limit = DefaultLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var existing = history ?? [];
        if (existing.Count > 0 && existing[^1].Revision == entry.Revision)
        {
            return [.. existing.Select(Copy)];
        }

        var nextId = existing.Count == 0 ? 1 : existing.Max(e => e.Id) + 1;
        var result = existing.Skip(Math.Max(0, existing.Count + 1 - limit)).Select(Copy).ToList();
        var added = Copy(entry);
        added.Id = nextId;
        result.Add(added);
        return result;
    }

    private static HistoryEntry Copy(HistoryEntry e) => new()
    {
        Id = e.Id,
        Revision = e.Revision,
        DeployedAt = e.DeployedAt,
        InitiatedBy = e.InitiatedBy,
        Subject = e.Subject,
        Author = e.Author,
    };
}
