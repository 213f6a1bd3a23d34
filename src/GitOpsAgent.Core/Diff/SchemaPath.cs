namespace GitOpsAgent.Core.Diff;

/// <summary>
/// Where the comparison is: Display is for people ("spec.containers[name=web].image"), Schema is the list-types
/// notation ("spec.containers[].image") used to look up list types.
/// </summary>
internal readonly record struct SchemaPath(string Display, string Schema, string? FieldName, string? ParentFieldName)
{
    public static SchemaPath Root => new("", "", null, null);

    public SchemaPath Field(string name) => new(Join(Display, name), Join(Schema, name), name, FieldName);

    public SchemaPath Item(string description) => new($"{Display}[{description}]", Schema + "[]", null, FieldName);

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
}
