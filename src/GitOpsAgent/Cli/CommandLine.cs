using System.CommandLine;
using GitOpsAgent.Cli.App;

namespace GitOpsAgent.Cli;

/// <summary>
/// The `gitops-agent` command line: run (default), render, diff, health, app, trace, version. One place decides the
/// exit code of what no verb handles: a parse error (unknown flag, missing argument) is 2, and so is any exception
/// a verb lets escape, printed as one line (never a .NET stack trace; GITOPSAGENT_STACKTRACE=1 adds it).
/// </summary>
public static class CommandLine
{
    private static readonly HashSet<string> RootOnlyOptions = new(StringComparer.Ordinal) { "-h", "--help", "-?", "/?", "/h", "--version" };

    public static Task<int> InvokeAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null) =>
        InvokeAsync(args, CliContext.Console with { Output = stdout ?? Console.Out, Errors = stderr ?? Console.Error });

    public static async Task<int> InvokeAsync(string[] args, CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(cli);
        var root = new RootCommand("GitOpsAgent: a GitOps continuous-delivery controller for Kubernetes.")
        {
            RunCommand.Create(cli.Errors),
            RenderCommand.Create(cli.Output, cli.Errors),
            DiffCommand.Create(cli.Output, cli.Errors),
            HealthCommand.Create(cli.Output, cli.Errors),
            AppCommand.Create(cli),
            TraceCommand.Create(cli),
            VersionCommand.Create(cli),
        };
        var parsed = root.Parse(WithDefaultVerb(args));
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await cli.Errors.WriteLineAsync($"error: {OneLine(error.Message)}");
            }

            await cli.Errors.WriteLineAsync($"Run '{string.Join(' ', CommandPath(parsed))} --help' for usage.");
            return ExitCodes.Error;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = cli.Output, Error = cli.Errors, EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException)
        {
            await cli.Errors.WriteLineAsync("error: interrupted");
            return ExitCodes.Error;
        }
        catch (Exception ex)
        {
            await cli.Errors.WriteLineAsync($"error: {CliErrors.Describe(ex)}");
            if (Environment.GetEnvironmentVariable("GITOPSAGENT_STACKTRACE") == "1")
            {
                await cli.Errors.WriteLineAsync(ex.ToString());
            }

            return ExitCodes.Error;
        }
    }

    /// <summary>"run" is the default verb: none at all, or options only (`gitops-agent --log-format json`), run the controller.</summary>
    public static string[] WithDefaultVerb(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Length == 0 || (args[0].StartsWith('-') && !RootOnlyOptions.Contains(args[0])) ? ["run", .. args] : args;
    }

    /// <summary>System.CommandLine lists allowed values on lines of their own: one line reads better in CI logs.</summary>
    private static string OneLine(string message) => string.Join(' ', message.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static IEnumerable<string> CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command is RootCommand ? "gitops-agent" : result.Command.Name);
        }

        return names;
    }
}
