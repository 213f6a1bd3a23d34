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
        try
        {
            var parsed = CreateRoot(cli).Parse(WithDefaultVerb(args));
            var errors = parsed.Errors.Select(e => OneLine(e.Message)).Concat(UnknownOptions(parsed)).ToList();
            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    await cli.Errors.WriteLineAsync($"error: {error}");
                }

                await cli.Errors.WriteLineAsync($"Run '{string.Join(' ', CommandPath(parsed))} --help' for usage.");
                return ExitCodes.Error;
            }

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

    /// <summary>Every verb. A new verb is one line here, in a file of its own (App/ holds the app verbs).</summary>
    public static RootCommand CreateRoot(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        return new RootCommand("GitOpsAgent: a GitOps continuous-delivery controller for Kubernetes.")
        {
            RunCommand.Create(cli.Errors),
            RenderCommand.Create(cli.Output, cli.Errors),
            DiffCommand.Create(cli.Output, cli.Errors),
            HealthCommand.Create(cli.Output, cli.Errors),
            AppCommand.Create(cli),
            TraceCommand.Create(cli),
            PreviewCommand.Create(cli.Output, cli.Errors),
            VersionCommand.Create(cli),
        };
    }

    /// <summary>"run" is the default verb: none at all, or options only (`gitops-agent --log-format json`), run the controller.</summary>
    public static string[] WithDefaultVerb(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Length == 0 || (args[0].StartsWith('-') && !RootOnlyOptions.Contains(args[0])) ? ["run", .. args] : args;
    }

    /// <summary>
    /// A token like "--bogus" where a verb takes an argument would be read as that argument (a file named "--bogus"):
    /// an unknown option, as everywhere else.
    /// </summary>
    private static IEnumerable<string> UnknownOptions(ParseResult parsed) =>
        parsed.CommandResult.Children.OfType<System.CommandLine.Parsing.ArgumentResult>()
            .SelectMany(a => a.Tokens)
            .Where(t => t.Value.Length > 1 && t.Value.StartsWith('-'))
            .Select(t => $"Unrecognized option '{t.Value}'.");

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
