using System.CommandLine;
using System.Text.Json.Nodes;

namespace GitOpsAgent.Cli.App;

/// <summary>`app suspend NAME` and `app resume NAME`: spec.suspend (no writes to the cluster while true; status still shows drift).</summary>
internal static class AppSuspendCommand
{
    public static Command Create(CliContext cli, bool suspend)
    {
        var name = new Argument<string>("name") { Description = "The Application." };
        var command = suspend
            ? new Command("suspend", "Stop every write to the cluster for the Application (spec.suspend: true); status still shows drift.") { name }
            : new Command("resume", "Let the Application write to the cluster again (spec.suspend: false).") { name };
        var cluster = ClusterOptions.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            using var connection = cluster.Connect(result);
            var apps = new ApplicationClient(connection.Api);
            var state = AppState.Of(await apps.GetAsync(connection.Namespace, result.GetValue(name)!, ct));
            await apps.PatchAsync(state.Namespace, state.Name, new JsonObject { ["spec"] = new JsonObject { ["suspend"] = suspend } }, ct);
            await cli.Output.WriteLineAsync(suspend
                ? $"{state.Namespace}/{state.Name} suspended: no writes to the cluster until gitops-agent app resume {state.Name}"
                : $"{state.Namespace}/{state.Name} resumed");
            return ExitCodes.Success;
        });
        return command;
    }
}
