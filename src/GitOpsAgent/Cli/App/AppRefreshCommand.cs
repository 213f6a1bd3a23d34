using System.CommandLine;
using GitOpsAgent.Controller;

namespace GitOpsAgent.Cli.App;

/// <summary>`app refresh NAME [--wait [--timeout D]]`: asks the controller to read Git again now (the refresh request annotation, with a fresh value).</summary>
internal static class AppRefreshCommand
{
    public static Command Create(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "The Application." };
        var command = new Command("refresh", "Re-read Git now (and sync if automated). With --wait: exit 0 once the controller served it, 1 if not within --timeout.") { name };
        var cluster = ClusterOptions.AddTo(command);
        var wait = WaitOptions.AddTo(command, waitFlag: true, forOption: false);
        command.SetAction(async (result, ct) =>
        {
            using var connection = cluster.Connect(result);
            var apps = new ApplicationClient(connection.Api);
            var state = AppState.Of(await apps.GetAsync(connection.Namespace, result.GetValue(name)!, ct));
            var value = AppRequests.NewValue(cli.Time);
            await apps.PatchAsync(state.Namespace, state.Name, AppRequests.Refresh(value), ct);
            await cli.Errors.WriteLineAsync($"{state.Namespace}/{state.Name}: refresh requested ({AppAnnotations.Refresh}={value})");
            return wait.ShouldWait(result)
                ? await AppWaiter.WaitAsync(apps, state.Namespace, state.Name, WaitTarget.Handled, value, wait.TimeoutOf(result), cli, ct)
                : ExitCodes.Success;
        });
        return command;
    }
}
