namespace GitOpsAgent.Core.Schema;

/// <summary>How server-side apply treats a list (structured-merge-diff's element relationship).</summary>
public enum ListType
{
    /// <summary>One value: whoever sets it owns and replaces all of it.</summary>
    Atomic,

    /// <summary>Unique scalars, each owned and merged separately.</summary>
    Set,

    /// <summary>Objects identified by key fields, each owned and merged separately.</summary>
    Map,
}

/// <summary>The type of one list field; <see cref="Keys"/> are the identifying fields of a list-map, in key order.</summary>
public sealed record ListSchema(ListType Type, IReadOnlyList<string> Keys)
{
    public static ListSchema Atomic { get; } = new(ListType.Atomic, []);

    public static ListSchema Set { get; } = new(ListType.Set, []);

    public static ListSchema MapOf(params string[] keys) => new(ListType.Map, keys);
}

/// <summary>Answers "how is the list at this path merged" for a kind.</summary>
public interface IListTypes
{
    /// <summary>
    /// The list type at <paramref name="path"/> (dotted field names from the root, "[]" after a list's items:
    /// "spec.template.spec.containers[].ports"). Lists that nothing describes are atomic, as in SSA.
    /// </summary>
    ListSchema ForPath(string group, string kind, string path);
}
