using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Sync;

namespace GitOpsAgent.Cli.App;

/// <summary>
/// `app rollback NAME ID` pins spec.source.targetRevision to status.history[ID].revision and asks for a sync; the
/// targetRevision it replaced is kept in the gitopsagent.io/resume-target-revision annotation (the first one, when
/// rolled back again), and `app rollback NAME --resume` puts it back (following the branch again) and syncs.
/// </summary>
internal static class AppRollbackCommand
{
    public static Command Create(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "The Application." };
        var id = new Argument<long?>("id") { Description = "The history entry to go back to (gitops-agent app history NAME).", Arity = ArgumentArity.ZeroOrOne };
        var resume = new Option<bool>("--resume") { Description = "Undo the rollback: set targetRevision back to what it was (the branch) and sync." };
        var command = new Command("rollback", "Pin the Application to a revision of its history and sync it; --resume follows the branch again.") { name, id, resume };
        var cluster = ClusterOptions.AddTo(command);
        var wait = WaitOptions.AddTo(command, waitFlag: true, forOption: true);
        command.Validators.Add(result =>
        {
            // Tokens, not GetValue: a validator must not throw for an ID that does not parse (the parser reports that).
            if (result.GetResult(id) is { Tokens.Count: > 0 } == result.GetValue(resume))
            {
                result.AddError("give exactly one of ID or --resume");
            }
        });
        command.SetAction(async (result, ct) =>
        {
            using var connection = cluster.Connect(result);
            var apps = new ApplicationClient(connection.Api);
            var state = AppState.Of(await apps.GetAsync(connection.Namespace, result.GetValue(name)!, ct));
            var value = AppRequests.NewValue(cli.Time);
            var (patch, said) = result.GetValue(resume) ? Resume(state, value) : PinTo(state, result.GetValue(id)!.Value, value);
            if (Tracking.OwnerOf(state.Raw) is { } owner)
            {
                await cli.Errors.WriteLineAsync($"warning: {state.Namespace}/{state.Name} is itself managed by Application {owner.Namespace}/{owner.Name}: its sync may put targetRevision back");
            }

            if (state.Suspended)
            {
                await cli.Errors.WriteLineAsync($"warning: {state.Namespace}/{state.Name} is suspended: nothing is deployed until gitops-agent app resume {state.Name}");
            }

            await apps.PatchAsync(state.Namespace, state.Name, patch, ct);
            await cli.Output.WriteLineAsync(said);
            return wait.ShouldWait(result) && !state.Suspended
                ? await AppWaiter.WaitAsync(apps, state.Namespace, state.Name, wait.Target(result), value, wait.TimeoutOf(result), cli, ct)
                : ExitCodes.Success;
        });
        return command;
    }

    private static (JsonObject Patch, string Said) PinTo(AppState state, long id, string syncValue)
    {
        var history = state.Status.History ?? [];
        var entry = history.FirstOrDefault(h => h.Id == id)
            ?? throw new CliException($"{state.Namespace}/{state.Name} has no history entry {id} (it has {(history.Count == 0 ? "none" : string.Join(", ", history.Select(h => h.Id.ToString(CultureInfo.InvariantCulture))))})");
        var current = state.App.Spec.Source.TargetRevision ?? "HEAD";
        var resumeTo = state.App.Metadata.Annotations?.GetValueOrDefault(AppRequests.ResumeTargetRevision) ?? current;
        var patch = AppRequests.Annotations(new JsonObject
        {
            [AppRequests.ResumeTargetRevision] = resumeTo,
            [Controller.AppAnnotations.Sync] = syncValue,
        });
        patch["spec"] = new JsonObject { ["source"] = new JsonObject { ["targetRevision"] = entry.Revision } };
        var subject = entry.Subject is { } s ? $" (\"{s}\")" : "";
        return (patch, $"{state.Namespace}/{state.Name} pinned to {RevisionText.Short(entry.Revision)}{subject}, history {id}; gitops-agent app rollback {state.Name} --resume follows {resumeTo} again");
    }

    private static (JsonObject Patch, string Said) Resume(AppState state, string syncValue)
    {
        var resumeTo = state.App.Metadata.Annotations?.GetValueOrDefault(AppRequests.ResumeTargetRevision)
            ?? throw new CliException($"{state.Namespace}/{state.Name} is not rolled back (no {AppRequests.ResumeTargetRevision} annotation); its targetRevision is {state.App.Spec.Source.TargetRevision ?? "HEAD"}");
        var patch = AppRequests.Annotations(new JsonObject
        {
            [AppRequests.ResumeTargetRevision] = null,
            [Controller.AppAnnotations.Sync] = syncValue,
        });
        patch["spec"] = new JsonObject { ["source"] = new JsonObject { ["targetRevision"] = resumeTo } };
        return (patch, $"{state.Namespace}/{state.Name} follows {resumeTo} again");
    }
}
