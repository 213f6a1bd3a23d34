namespace GitOpsAgent.TestApiServer.Discovery;

/// <summary>One served resource of one group version, as discovery describes it.</summary>
public sealed record ResourceType(
    string Group,
    string Version,
    string Kind,
    string Plural,
    string Singular,
    bool Namespaced,
    bool HasStatus = false,
    bool HasScale = false,
    IReadOnlyList<string>? ShortNames = null,
    IReadOnlyList<string>? Categories = null,
    IReadOnlyList<string>? Verbs = null)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string GroupVersion => ApiVersion;

    public string ListKind => Kind + "List";

    /// <summary>Where objects of this resource are stored: one bucket per group and plural, shared by all versions.</summary>
    public string StorageKey => $"{Group}/{Plural}";

    /// <summary>What discovery says may be done: <see cref="StandardVerbs"/> unless the type says otherwise (access reviews are create-only).</summary>
    public IReadOnlyList<string> ServedVerbs => Verbs ?? StandardVerbs;

    public static IReadOnlyList<string> StandardVerbs { get; } =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
}
