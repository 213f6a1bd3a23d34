namespace GitOpsAgent.Core.Manifests;

/// <summary>Input that is not valid YAML/JSON or not a Kubernetes object, with the place it was found.</summary>
public sealed class ManifestParseException : Exception
{
    public ManifestParseException(string file, int line, int column, string reason)
        : base(Format(file, line, column, reason))
    {
        File = file;
        Line = line;
        Column = column;
        Reason = reason;
    }

    public string File { get; }

    /// <summary>1-based line, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column, or 0 when unknown.</summary>
    public int Column { get; }

    public string Reason { get; }

    private static string Format(string file, int line, int column, string reason) =>
        line <= 0 ? $"{file}: {reason}" : column <= 0 ? $"{file}:{line}: {reason}" : $"{file}:{line}:{column}: {reason}";
}
