namespace GitOpsAgent.Cli;

/// <summary>The CLI contract's exit codes, the same for every verb (CI reads them).</summary>
public static class ExitCodes
{
    /// <summary>Done; in sync; ready.</summary>
    public const int Success = 0;

    /// <summary>diff: there are differences.</summary>
    public const int Differences = 1;

    /// <summary>get, list, wait, sync --wait: not ready (or not yet within --timeout); trace: the object is nobody's.</summary>
    public const int NotReady = 1;

    /// <summary>Bad usage (unknown flag, missing argument), bad input or no access; one line on stderr names the problem.</summary>
    public const int Error = 2;
}
