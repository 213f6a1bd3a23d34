using System.CommandLine;
using GitOpsAgent.Core.Health;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Cli;

public static class HealthCommand
{
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var files = new Argument<string[]>("files") { Description = "YAML or JSON files with live objects.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("health", "Assess the health of each object: <apiVersion> <kind> <namespace>/<name> <Status> <message>.") { files };
        command.SetAction(async (result, ct) =>
        {
            try
            {
                foreach (var file in result.GetValue(files)!)
                {
                    foreach (var manifest in ManifestReader.Read(ManifestText.Decode(await File.ReadAllBytesAsync(file, ct), file), file))
                    {
                        var obj = manifest.Object;
                        var health = HealthAssessor.Assess(obj) ?? new HealthResult(HealthStatus.Unknown, "ignored by health overrides");
                        await output.WriteLineAsync($"{obj.GetApiVersion()} {obj.GetKind()} {obj.GetNamespace()}/{obj.GetName()} {health.Status} {health.Message}".TrimEnd());
                    }
                }

                return ExitCodes.Success;
            }
            catch (Exception ex) when (CliErrors.IsUserFacing(ex))
            {
                await errors.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Error;
            }
        });
        return command;
    }
}
