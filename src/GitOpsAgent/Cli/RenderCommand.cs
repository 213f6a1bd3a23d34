using System.CommandLine;
using GitOpsAgent.Core.Manifests;

namespace GitOpsAgent.Cli;

public static class RenderCommand
{
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var source = new Argument<string?>("source") { Description = "A manifest file, a directory, a Git URL, or oci://REGISTRY/PATH/CHART.", Arity = ArgumentArity.ZeroOrOne };
        var chart = new Option<string?>("--chart") { Description = "A chart's name in the chart repository of --repo." };
        var repo = new Option<string?>("--repo") { Description = "The chart repository (https://...) or OCI registry path (oci://...) of --chart." };
        var version = new Option<string?>("--version") { Description = "The chart's version, semver range (4.11.x, \">=1.2 <2\") or OCI digest; default the newest." };
        var values = new Option<string[]>("--values", "-f") { Description = "A values file on this machine (repeatable)." };
        var revision = new Option<string?>("--revision") { Description = "Branch, tag or commit for a Git URL (default HEAD)." };
        var path = new Option<string?>("--path") { Description = "Directory inside SOURCE to render (default: SOURCE itself)." };
        var renderer = RendererOption.Create();
        var ns = new Option<string?>("--namespace") { Description = "Destination namespace for namespaced objects that name none." };
        var command = new Command("render", "Print the objects SOURCE renders to, as multi-document YAML in apply order.") { source, revision, path, renderer, ns, chart, repo, version, values };

        // A usage error like any other: reported by the parser, with the pointer to --help.
        command.Validators.Add(parsed =>
        {
            if (parsed.GetValue(source) is null && parsed.GetValue(chart) is null)
            {
                parsed.AddError("render needs SOURCE, or --chart NAME --repo URL");
            }
        });
        command.SetAction(async (result, ct) =>
        {
            try
            {
                var objects = ChartCliSource.From(result.GetValue(source), result.GetValue(chart), result.GetValue(repo)) is { } chartSource
                    ? await ChartCliSource.RenderAsync(chartSource, result.GetValue(version), result.GetValue(values) ?? [], result.GetValue(ns), ct)
                    : await LocalSource.RenderAsync(result.GetValue(source) ?? throw new ArgumentException("render needs SOURCE, or --chart NAME --repo URL"), result.GetValue(revision), result.GetValue(path), result.GetValue(renderer), result.GetValue(ns), ct);
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
