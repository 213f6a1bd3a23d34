namespace GitOpsAgent.Core.Variables;

/// <summary>
/// A <c>${...}</c> that cannot be expanded (an undefined variable, an unclosed or malformed reference), with the place
/// it was found. The message never carries a variable's value.
/// </summary>
public sealed class VariableException : Exception
{
    public VariableException(string file, int line, string reason)
        : base(line > 0 ? $"{file}:{line}: {reason}" : $"{file}: {reason}")
    {
        File = file;
        Line = line;
        Reason = reason;
    }

    /// <summary>The file, or the spec field, the reference is in.</summary>
    public string File { get; }

    /// <summary>1-based line, or 0 for a one-line field.</summary>
    public int Line { get; }

    public string Reason { get; }
}
