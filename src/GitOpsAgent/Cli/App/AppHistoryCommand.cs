using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Status;

namespace GitOpsAgent.Cli.App;

/// <summary>`app history NAME [-o json|yaml]`: the revisions deployed, newest last; the one the cluster runs is marked. `app rollback NAME ID` takes an ID.</summary>
internal static class AppHistoryCommand
{
    public static Command Create(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "The Application." };
        var format = OutputFormat.Create(OutputFormat.Json, OutputFormat.Yaml);
        var command = new Command("history", "The revisions deployed (status.history), newest last; * marks what runs. IDs are what app rollback takes.") { name, format };
        var cluster = ClusterOptions.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            using var connection = cluster.Connect(result);
            var state = AppState.Of(await new ApplicationClient(connection.Api).GetAsync(connection.Namespace, result.GetValue(name)!, ct));
            var history = state.Status.History ?? [];
            var outputFormat = result.GetValue(format)!;
            if (OutputFormat.IsStructured(outputFormat))
            {
                await OutputFormat.WriteAsync(cli.Output, outputFormat, new JsonObject
                {
                    ["application"] = new JsonObject { ["namespace"] = state.Namespace, ["name"] = state.Name },
                    ["lastAppliedRevision"] = state.Status.LastAppliedRevision,
                    ["history"] = JsonSerializer.SerializeToNode(history, ApplicationSerializer.Options),
                });
            }
            else if (history.Count == 0)
            {
                await cli.Errors.WriteLineAsync($"{state.Namespace}/{state.Name}: nothing deployed yet");
            }
            else
            {
                await cli.Output.WriteAsync(Table(history, state.Status.LastAppliedRevision));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static string Table(IReadOnlyList<HistoryEntry> history, string? running)
    {
        var current = history.LastOrDefault(h => h.Revision == running);
        return TablePrinter.Format(["id", "deployed", "revision", "by", "author", "subject"], history.Select(h => (IReadOnlyList<string>)
        [
            h == current ? $"{h.Id}*" : h.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            h.DeployedAt, RevisionText.Short(h.Revision), h.InitiatedBy, h.Author ?? "", h.Subject ?? "",
        ]));
    }
}
