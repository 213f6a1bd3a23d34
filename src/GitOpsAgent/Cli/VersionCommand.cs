using System.CommandLine;
using System.Reflection;

namespace GitOpsAgent.Cli;

public static class VersionCommand
{
    public static string Version { get; } =
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static Command Create(TextWriter output)
    {
        var command = new Command("version", "Print the version.");
        command.SetAction(_ =>
        {
            output.WriteLine($"gitops-agent {Version}");
            return ExitCodes.Success;
        });
        return command;
    }
}
