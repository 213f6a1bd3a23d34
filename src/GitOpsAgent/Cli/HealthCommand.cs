using System.CommandLine;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Health;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Cli;

/// <summary>
/// `gitops-agent health FILE... | -`: the health of each object, as the controller would assess it. Reads what
/// kubectl prints (`kubectl get X -o yaml | gitops-agent health -`, a List, objects without metadata.name).
/// CustomResourceDefinitions among the input tell which kinds have a status subresource; --overrides takes the
/// health ConfigMap's overrides.yaml.
/// </summary>
public static class HealthCommand
{
    /// <summary>The placeholder printed for an object without metadata.name.</summary>
    public const string NoName = "-";

    public static Command Create(TextWriter output, TextWriter errors, TextReader? input = null)
    {
        var files = new Argument<string[]>("files") { Description = "YAML or JSON files with live objects; - reads standard input.", Arity = ArgumentArity.OneOrMore };
        var overridesFile = new Option<string?>("--overrides") { Description = "A health overrides file (the overrides.yaml key of the health ConfigMap)." };
        var command = new Command("health", "Assess the health of each object: <apiVersion> <kind> <namespace>/<name> <Status> <message>.") { files, overridesFile };
        command.SetAction(async (result, ct) =>
        {
            try
            {
                var overrides = result.GetValue(overridesFile) is { } path
                    ? ReadOverrides(path, await File.ReadAllTextAsync(path, ct))
                    : HealthOverrides.Empty;
                var objects = new List<JsonObject>();
                foreach (var file in result.GetValue(files)!)
                {
                    var text = file == "-" ? await (input ?? Console.In).ReadToEndAsync(ct) : ManifestText.Decode(await File.ReadAllBytesAsync(file, ct), file);
                    var read = LiveObjectReader.Read(text, file == "-" ? "<stdin>" : file);
                    foreach (var warning in read.Warnings)
                    {
                        await errors.WriteLineAsync($"warning: {warning}");
                    }

                    objects.AddRange(read.Objects);
                }

                var withStatusSubresource = KindsWithStatusSubresource(objects);
                foreach (var obj in objects)
                {
                    var facts = new KindFacts(withStatusSubresource.Contains((obj.GetGroup(), obj.GetKind())));
                    var health = HealthAssessor.Assess(obj, overrides, facts) ?? new HealthResult(HealthStatus.Unknown, "ignored by health overrides");
                    var name = obj.GetName() is { Length: > 0 } n ? n : NoName;
                    await output.WriteLineAsync($"{obj.GetApiVersion()} {obj.GetKind()} {obj.GetNamespace()}/{name} {health.Status} {health.Message}".TrimEnd());
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

    private static HealthOverrides ReadOverrides(string path, string text)
    {
        try
        {
            return HealthOverrides.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"{path}: {ex.Message}", ex);
        }
    }

    // The kinds whose CRD (given among the input) declares a status subresource in any version.
    private static HashSet<(string Group, string Kind)> KindsWithStatusSubresource(List<JsonObject> objects)
    {
        var kinds = new HashSet<(string, string)>();
        foreach (var crd in objects.Where(o => o.GetGroup() == "apiextensions.k8s.io" && o.GetKind() == "CustomResourceDefinition"))
        {
            var versions = crd.GetArrayAt("spec", "versions")?.OfType<JsonObject>() ?? [];
            if (versions.Any(v => v.GetAt("subresources", "status") is JsonObject) && crd.GetStringAt("spec", "group") is { } group
                && crd.GetStringAt("spec", "names", "kind") is { } kind)
            {
                kinds.Add((group, kind));
            }
        }

        return kinds;
    }
}
