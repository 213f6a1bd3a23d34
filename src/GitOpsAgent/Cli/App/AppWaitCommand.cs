using System.CommandLine;

namespace GitOpsAgent.Cli.App;

/// <summary>`app wait NAME [--for Synced|Healthy|Ready] [--timeout D]`: until the condition is True for the current spec (kstatus semantics).</summary>
internal static class AppWaitCommand
{
    public static Command Create(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "The Application." };
        var command = new Command("wait", "Wait until a condition of the current spec is True. Exit 0 when it is, 1 if stalled or not within --timeout.") { name };
        var cluster = ClusterOptions.AddTo(command);
        var wait = WaitOptions.AddTo(command, waitFlag: false, forOption: true);
        command.SetAction(async (result, ct) =>
        {
            using var connection = cluster.Connect(result);
            return await AppWaiter.WaitAsync(new ApplicationClient(connection.Api), connection.Namespace, result.GetValue(name)!, wait.Target(result), null, wait.TimeoutOf(result), cli, ct);
        });
        return command;
    }
}
