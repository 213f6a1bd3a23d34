using System.CommandLine;
using System.Text.Json.Nodes;

namespace GitOpsAgent.Cli.App;

/// <summary>`app list [-A] [-o wide|json|yaml]`: the Applications and their state. Exit 0 when every one is Ready, else 1.</summary>
internal static class AppListCommand
{
    public static Command Create(CliContext cli)
    {
        var format = OutputFormat.Create(OutputFormat.Wide, OutputFormat.Json, OutputFormat.Yaml);
        var command = new Command("list", "List Applications: ready, sync, health, suspended, revision, status. Exit 0 when all are Ready, 1 otherwise.") { format };
        command.Aliases.Add("ls");
        var cluster = ClusterOptions.AddTo(command, allNamespaces: true);
        command.SetAction(async (result, ct) =>
        {
            using var connection = cluster.Connect(result);
            var items = await new ApplicationClient(connection.Api).ListAsync(connection.ListNamespace, ct);
            var states = items.Select(AppState.Of).ToList();
            var outputFormat = result.GetValue(format)!;
            if (OutputFormat.IsStructured(outputFormat))
            {
                await OutputFormat.WriteAsync(cli.Output, outputFormat, new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "List",
                    ["items"] = new JsonArray(items.Select(i => (JsonNode)ApplicationClient.ForOutput(i)).ToArray()),
                });
            }
            else if (states.Count == 0)
            {
                await cli.Errors.WriteLineAsync(connection.AllNamespaces ? "No Applications found." : $"No Applications found in namespace {connection.Namespace}.");
            }
            else
            {
                await cli.Output.WriteAsync(Table(states, connection.AllNamespaces, outputFormat == OutputFormat.Wide, cli.Time.GetUtcNow()));
            }

            return states.All(s => s.IsReady) ? ExitCodes.Success : ExitCodes.NotReady;
        });
        return command;
    }

    internal static string Table(IReadOnlyList<AppState> states, bool withNamespace, bool wide, DateTimeOffset now)
    {
        List<string> headers = ["name", "ready", "sync", "health", "suspended", "revision", "age", "status"];
        if (wide)
        {
            headers.AddRange(["target", "source", "path"]);
        }

        if (withNamespace)
        {
            headers.Insert(0, "namespace");
        }

        var rows = states.Select(s =>
        {
            List<string> row =
            [
                s.Name, s.ReadyText, s.Status.Sync?.Status ?? "Unknown", s.Status.Health?.Status ?? "Unknown",
                s.Suspended ? "true" : "false", s.ShortRevision, HumanDuration.Since(s.App.Metadata.CreationTimestamp, now), s.ReadyMessage,
            ];
            if (wide)
            {
                var source = s.App.Spec.Source;
                row.AddRange([source.TargetRevision ?? "HEAD", Git.RepoUrl.Redact(source.RepoURL), string.IsNullOrEmpty(source.Path) ? "." : source.Path]);
            }

            if (withNamespace)
            {
                row.Insert(0, s.Namespace);
            }

            return (IReadOnlyList<string>)row;
        });
        return TablePrinter.Format(headers, rows);
    }
}
