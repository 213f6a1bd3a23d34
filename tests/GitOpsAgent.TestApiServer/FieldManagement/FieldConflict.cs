namespace GitOpsAgent.TestApiServer.FieldManagement;

/// <summary>An applied value that differs from the value another manager owns.</summary>
public sealed record FieldConflict(string Manager, string Subresource, string ApiVersion, IReadOnlyList<string> Path)
{
    public string Field => ObjectFields.Describe(Path);

    public string Message => Subresource.Length == 0
        ? $"conflict with \"{Manager}\" using {ApiVersion}: {Field}"
        : $"conflict with \"{Manager}\" with subresource \"{Subresource}\" using {ApiVersion}: {Field}";
}
