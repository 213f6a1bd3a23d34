using System.CommandLine;

namespace GitOpsAgent.Cli.App;

/// <summary>`gitops-agent app VERB`: the Applications in a cluster, one file per verb.</summary>
public static class AppCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        return new Command("app", "Work with the Applications in a cluster (kubectl's -n, -A, --kubeconfig, --context). Exit 0 ok/in sync, 1 differences or not ready, 2 usage or access errors.")
        {
            AppListCommand.Create(cli),
            AppGetCommand.Create(cli),
            AppDiffCommand.Create(cli),
            AppSyncCommand.Create(cli),
            AppRefreshCommand.Create(cli),
            AppWaitCommand.Create(cli),
            AppHistoryCommand.Create(cli),
            AppRollbackCommand.Create(cli),
            AppSuspendCommand.Create(cli, suspend: true),
            AppSuspendCommand.Create(cli, suspend: false),
        };
    }
}
