namespace GitOpsAgent.Cli;

/// <summary>Where one CLI invocation writes and reads, and its clock (tests pass their own).</summary>
public sealed record CliContext(TextWriter Output, TextWriter Errors, TextReader Input, TimeProvider Time)
{
    public static CliContext Console { get; } = new(System.Console.Out, System.Console.Error, System.Console.In, TimeProvider.System);
}
