using System.CommandLine;
using GitOpsAgent.Controller;

namespace GitOpsAgent.Cli.App;

/// <summary>
/// `app sync NAME [--prune] [--wait [--for C] [--timeout D]]`: asks the controller to sync now (the sync request
/// annotation, with a fresh value), even without automated sync; --wait waits until that very request was served and
/// the condition (default Ready) holds.
/// </summary>
internal static class AppSyncCommand
{
    public static Command Create(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "The Application." };
        var prune = new Option<bool>("--prune") { Description = "Also delete tracked objects that left Git (automated prune does this anyway)." };
        var command = new Command("sync", "Sync now, even without automated sync. With --wait: exit 0 once served and the condition holds, 1 if stalled or not within --timeout.") { name, prune };
        var cluster = ClusterOptions.AddTo(command);
        var wait = WaitOptions.AddTo(command, waitFlag: true, forOption: true);
        command.SetAction(async (result, ct) =>
        {
            using var connection = cluster.Connect(result);
            var apps = new ApplicationClient(connection.Api);
            var appName = result.GetValue(name)!;
            var state = AppState.Of(await apps.GetAsync(connection.Namespace, appName, ct));
            if (state.Suspended)
            {
                throw new CliException($"Application {state.Namespace}/{state.Name} is suspended (spec.suspend: true): a sync would write nothing; gitops-agent app resume {state.Name} first");
            }

            var value = AppRequests.NewValue(cli.Time, result.GetValue(prune));
            await apps.PatchAsync(state.Namespace, state.Name, AppRequests.Sync(value), ct);
            await cli.Errors.WriteLineAsync($"{state.Namespace}/{state.Name}: sync requested ({AppAnnotations.Sync}={value})");
            return wait.ShouldWait(result)
                ? await AppWaiter.WaitAsync(apps, state.Namespace, state.Name, wait.Target(result), value, wait.TimeoutOf(result), cli, ct)
                : ExitCodes.Success;
        });
        return command;
    }
}
