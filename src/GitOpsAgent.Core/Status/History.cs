using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Core.Status;

/// <summary>The deployment history in status.history: newest last, bounded.</summary>
public static class History
{
    public const int DefaultLimit = 10;

    /// <summary>
    /// A new list with one more entry (id = highest id + 1, starting at 1), keeping only the last
    /// <paramref name="limit"/> entries. The input is not changed.
    /// </summary>
    public static List<HistoryEntry> Append(
        IReadOnlyList<HistoryEntry>? history,
        string revision,
        DateTimeOffset at,
        string initiatedBy,
        int limit = DefaultLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var existing = history ?? [];
        var nextId = existing.Count == 0 ? 1 : existing.Max(e => e.Id) + 1;
        var result = existing
            .Skip(Math.Max(0, existing.Count + 1 - limit))
            .Select(e => new HistoryEntry { Id = e.Id, Revision = e.Revision, DeployedAt = e.DeployedAt, InitiatedBy = e.InitiatedBy })
            .ToList();
        result.Add(new HistoryEntry { Id = nextId, Revision = revision, DeployedAt = Conditions.FormatTime(at), InitiatedBy = initiatedBy });
        return result;
    }
}
