using System.CommandLine;

namespace GitOpsAgent.Cli;

/// <summary>The `gitops-agent` command line: run (default), render, diff, health, version.</summary>
public static class CommandLine
{
    public static Task<int> InvokeAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var output = stdout ?? Console.Out;
        var errors = stderr ?? Console.Error;
        var root = new RootCommand("GitOpsAgent: a GitOps continuous-delivery controller for Kubernetes.")
        {
            RunCommand.Create(errors),
            RenderCommand.Create(output, errors),
            DiffCommand.Create(output, errors),
            HealthCommand.Create(output, errors),
            PreviewCommand.Create(output, errors),
            VersionCommand.Create(output),
        };
        var config = new InvocationConfiguration { Output = output, Error = errors };
        return root.Parse(args).InvokeAsync(config);
    }
}
