namespace GitOpsAgent.Cli;

/// <summary>The CLI contract's exit codes.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>diff: there are differences.</summary>
    public const int Differences = 1;

    /// <summary>Bad input or a failure; the message on stderr names the file (and line where there is one).</summary>
    public const int Error = 2;
}
