using System.CommandLine;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Cli;

public static class RenderCommand
{
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var source = new Argument<string>("source") { Description = "A manifest file, a directory, or a Git URL." };
        var revision = new Option<string?>("--revision") { Description = "Branch, tag or commit for a Git URL (default HEAD)." };
        var path = new Option<string?>("--path") { Description = "Directory inside SOURCE to render (default: SOURCE itself)." };
        var renderer = RendererOption.Create();
        var ns = new Option<string?>("--namespace") { Description = "Destination namespace for namespaced objects that name none." };
        var command = new Command("render", "Print the objects SOURCE renders to, as multi-document YAML in apply order.") { source, revision, path, renderer, ns };
        command.SetAction(async (result, ct) =>
        {
            try
            {
                var objects = await LocalSource.RenderAsync(result.GetValue(source)!, result.GetValue(revision), result.GetValue(path), result.GetValue(renderer), result.GetValue(ns), ct);
                await output.WriteAsync(YamlWriter.WriteDocuments(objects.Select(o => (System.Text.Json.Nodes.JsonNode?)o.Object)));
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
