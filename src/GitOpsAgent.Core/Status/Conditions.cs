using System.Globalization;
using GitOpsAgent.Core.Applications;

namespace GitOpsAgent.Core.Status;

/// <summary>
/// Pure edits of a condition list. lastTransitionTime moves only when a condition's status changes, so a status
/// rewritten with the same facts is byte-identical and the write can be skipped.
/// </summary>
public static class Conditions
{
    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";

    /// <summary>
    /// A new list with condition <paramref name="type"/> set (null status = Unknown). The input is not changed.
    /// Order is stable: Ready, Reconciling, Stalled, Synced, Healthy, then other types by name.
    /// </summary>
    public static List<Condition> Set(
        IReadOnlyList<Condition>? existing,
        string type,
        bool? status,
        string reason,
        string message,
        long? observedGeneration,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        var statusText = ToStatus(status);
        var previous = Find(existing, type);
        var transition = previous is not null && previous.Status == statusText && previous.LastTransitionTime is not null
            ? previous.LastTransitionTime
            : FormatTime(now);
        var updated = new Condition
        {
            Type = type,
            Status = statusText,
            Reason = reason,
            Message = message,
            LastTransitionTime = transition,
            ObservedGeneration = observedGeneration,
        };

        var result = new List<Condition>((existing?.Count ?? 0) + 1) { updated };
        var seen = new HashSet<string>(StringComparer.Ordinal) { type };
        foreach (var c in existing ?? [])
        {
            // Conditions are a map keyed by type: a repeated type (written by someone else) keeps its first entry.
            if (seen.Add(c.Type))
            {
                result.Add(Copy(c));
            }
        }

        Sort(result);
        return result;
    }

    /// <summary>A new list without condition <paramref name="type"/>.</summary>
    public static List<Condition> Remove(IReadOnlyList<Condition>? existing, string type) =>
        [.. (existing ?? []).Where(c => !string.Equals(c.Type, type, StringComparison.Ordinal)).Select(Copy)];

    public static Condition? Find(IReadOnlyList<Condition>? list, string type)
    {
        foreach (var c in list ?? [])
        {
            if (string.Equals(c.Type, type, StringComparison.Ordinal))
            {
                return c;
            }
        }

        return null;
    }

    public static bool IsTrue(IReadOnlyList<Condition>? list, string type) => Find(list, type)?.Status == True;

    public static bool IsFalse(IReadOnlyList<Condition>? list, string type) => Find(list, type)?.Status == False;

    public static string ToStatus(bool? status) => status switch
    {
        true => True,
        false => False,
        null => Unknown,
    };

    /// <summary>RFC 3339 in UTC to the second, as metav1.Time is written.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Sort(List<Condition> list)
    {
        // List.Sort is not stable, but types are unique here so the ordering is total.
        list.Sort((a, b) =>
        {
            var c = Rank(a.Type).CompareTo(Rank(b.Type));
            return c != 0 ? c : string.CompareOrdinal(a.Type, b.Type);
        });
    }

    private static int Rank(string type)
    {
        var index = Array.IndexOf(ConditionTypes.Order, type);
        return index < 0 ? ConditionTypes.Order.Length : index;
    }

    private static Condition Copy(Condition c) => new()
    {
        Type = c.Type,
        Status = c.Status,
        Reason = c.Reason,
        Message = c.Message,
        LastTransitionTime = c.LastTransitionTime,
        ObservedGeneration = c.ObservedGeneration,
    };
}
