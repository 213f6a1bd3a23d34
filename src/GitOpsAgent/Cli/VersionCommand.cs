using System.CommandLine;
using System.Text.Json.Nodes;
using GitOpsAgent.Controller;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Cli;

/// <summary>
/// `gitops-agent version [--cluster]`: this build's version; with --cluster also every running controller's, from
/// the gitopsagent.io/version label each controller puts on its own pod (what really runs, whatever the image tag
/// says), which of them holds a Lease (leads), and the cluster identity (--cluster-name, --cluster-label) each runs
/// with, from the gitopsagent.io/cluster-name and cluster-labels annotations it puts on its pod beside the label.
/// </summary>
public static class VersionCommand
{
    public static string Version => AgentVersion.Current;

    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var clusterFlag = new Option<bool>("--cluster") { Description = "Also the version of every running controller (pods labelled gitopsagent.io/version; all namespaces unless -n)." };
        var format = OutputFormat.Create(OutputFormat.Json, OutputFormat.Yaml);
        var command = new Command("version", "Print the version; with --cluster, the running controllers' too (exit 1 when none runs).") { clusterFlag, format };
        var cluster = ClusterOptions.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var outputFormat = result.GetValue(format)!;
            if (!result.GetValue(clusterFlag))
            {
                if (OutputFormat.IsStructured(outputFormat))
                {
                    await OutputFormat.WriteAsync(cli.Output, outputFormat, new JsonObject { ["client"] = Version });
                }
                else
                {
                    await cli.Output.WriteLineAsync($"gitops-agent {Version}");
                }

                return ExitCodes.Success;
            }

            using var connection = cluster.Connect(result);
            var namespaceGiven = result.GetValue(cluster.Namespace) is { Length: > 0 };
            var controllers = await RunningControllers.ListAsync(connection.Api, namespaceGiven ? connection.Namespace : null, ct);
            if (OutputFormat.IsStructured(outputFormat))
            {
                await OutputFormat.WriteAsync(cli.Output, outputFormat, new JsonObject
                {
                    ["client"] = Version,
                    ["controllers"] = new JsonArray(controllers.Select(c => (JsonNode)new JsonObject
                    {
                        ["namespace"] = c.Namespace,
                        ["pod"] = c.Pod,
                        ["version"] = c.Version,
                        ["phase"] = c.Phase,
                        ["leader"] = c.Leader,
                        ["cluster"] = new JsonObject
                        {
                            ["name"] = c.ClusterName,
                            ["labels"] = new JsonObject(c.ClusterLabels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
                        },
                    }).ToArray()),
                });
            }
            else
            {
                await cli.Output.WriteLineAsync($"client: gitops-agent {Version}");
                if (controllers.Count > 0)
                {
                    await cli.Output.WriteAsync(TablePrinter.Format(
                        ["namespace", "pod", "version", "phase", "leader", "cluster", "cluster-labels"],
                        controllers.Select(c => (IReadOnlyList<string>)[
                            c.Namespace, c.Pod, c.Version, c.Phase, c.Leader ? "yes" : "-", c.ClusterName is { Length: > 0 } name ? name : "-",
                            c.ClusterLabels.Count == 0 ? "-" : string.Join(",", c.ClusterLabels.Select(l => $"{l.Key}={l.Value}"))])));
                }
            }

            if (controllers.Count == 0)
            {
                await cli.Errors.WriteLineAsync($"no running controller found{(namespaceGiven ? $" in namespace {connection.Namespace}" : "")}: no pod carries the {PodVersionLabel.LabelKey} label (a controller labels its own pod when it starts)");
                return ExitCodes.NotReady;
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
