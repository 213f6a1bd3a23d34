using System.CommandLine;
using System.Text;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Status;

namespace GitOpsAgent.Cli.App;

/// <summary>`app get NAME [-o json|yaml]`: source, revisions, conditions, the last sync and error, resources and history. Exit 0 when Ready, else 1.</summary>
internal static class AppGetCommand
{
    public static Command Create(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "The Application." };
        var format = OutputFormat.Create(OutputFormat.Json, OutputFormat.Yaml);
        var command = new Command("get", "Show one Application: source, revisions, conditions, last sync, last error, resources, history. Exit 0 when Ready, 1 otherwise.") { name, format };
        var cluster = ClusterOptions.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            using var connection = cluster.Connect(result);
            var raw = await new ApplicationClient(connection.Api).GetAsync(connection.Namespace, result.GetValue(name)!, ct);
            var state = AppState.Of(raw);
            var outputFormat = result.GetValue(format)!;
            if (OutputFormat.IsStructured(outputFormat))
            {
                await OutputFormat.WriteAsync(cli.Output, outputFormat, ApplicationClient.ForOutput(raw));
            }
            else
            {
                await cli.Output.WriteAsync(Describe(state, cli.Time.GetUtcNow()));
            }

            return state.IsReady ? ExitCodes.Success : ExitCodes.NotReady;
        });
        return command;
    }

    internal static string Describe(AppState state, DateTimeOffset now)
    {
        var app = state.App;
        var status = state.Status;
        var source = app.Spec.Source;
        var text = new StringBuilder();
        void Field(string label, string? value) => text.Append($"{label + ":",-14}{value}\n");

        Field("Name", $"{state.Namespace}/{state.Name}");
        Field("Source", $"{Git.RepoUrl.Redact(source.RepoURL)} {source.TargetRevision ?? "HEAD"}, path {(string.IsNullOrEmpty(source.Path) ? "." : source.Path)}, renderer {source.Renderer ?? "Auto"}");
        if (app.Metadata.Annotations?.GetValueOrDefault(AppRequests.ResumeTargetRevision) is { } resume)
        {
            Field("Rolled back", $"pinned to {RevisionText.Short(source.TargetRevision ?? "")}; gitops-agent app rollback {state.Name} --resume follows {resume} again");
        }

        Field("Destination", app.Spec.Destination?.Namespace ?? "(namespaces as in Git)");
        Field("Sync policy", SyncPolicy(app.Spec));
        Field("Revision", Revisions(status));
        Field("Ready", $"{state.ReadyText} {state.ReadyMessage}".TrimEnd());
        Field("Sync", status.Sync?.Status ?? "Unknown");
        Field("Health", $"{status.Health?.Status ?? "Unknown"} {status.Health?.Message}".TrimEnd());
        if (!state.IsCurrent)
        {
            Field("Note", $"generation {state.Generation} is not reconciled yet (observed {status.ObservedGeneration?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})");
        }

        if (status.OperationState is { } operation)
        {
            Field("Last sync", $"{operation.Phase} {operation.FinishedAt ?? operation.StartedAt} ({operation.InitiatedBy}) at {RevisionText.Short(operation.Revision ?? "")}: {operation.Message}");
        }

        Field("Last error", LastError(status) ?? "none");
        text.Append("\nConditions:\n");
        text.Append(Indent(TablePrinter.Format(["type", "status", "reason", "age", "message"],
            (status.Conditions ?? []).Select(c => (IReadOnlyList<string>)[c.Type, c.Status, c.Reason, HumanDuration.Since(c.LastTransitionTime, now), c.Message]))));
        if (status.Resources is { Count: > 0 } resources)
        {
            text.Append("\nResources:\n");
            text.Append(Indent(TablePrinter.Format(["kind", "namespace", "name", "sync", "health", "message"],
                resources.Select(r => (IReadOnlyList<string>)[r.Group.Length == 0 ? r.Kind : $"{r.Kind}.{r.Group}", r.Namespace ?? "", r.Name, r.Status, r.Health?.Status ?? "", r.Health?.Message ?? ""]))));
        }

        if (status.History is { Count: > 0 } history)
        {
            text.Append("\nHistory:\n");
            text.Append(Indent(AppHistoryCommand.Table(history, status.LastAppliedRevision)));
        }

        return text.ToString();
    }

    /// <summary>The failure the last reconcile ended with (Ready False for a reason that is not a state), or the last sync's error.</summary>
    private static string? LastError(ApplicationStatus status)
    {
        var ready = status.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready);
        if (ready is { Status: Conditions.False } && !IsStateReason(ready.Reason))
        {
            return $"{ready.Reason}: {ready.Message}";
        }

        return status.OperationState is { Phase: OperationPhases.Failed or OperationPhases.Error } failed ? $"sync {failed.Phase}: {failed.Message}" : null;
    }

    private static bool IsStateReason(string reason) => reason is ConditionReasons.OutOfSync or ConditionReasons.SyncPaused or ConditionReasons.Progressing
        or ConditionReasons.Degraded or ConditionReasons.Missing or ConditionReasons.Suspended or ConditionReasons.HealthUnknown or ConditionReasons.SelfHealBackoff;

    private static string SyncPolicy(ApplicationSpec spec)
    {
        var parts = new List<string>();
        if (spec.SyncPolicy?.Automated is { } automated)
        {
            var flags = new[] { automated.Prune == true ? "prune" : null, automated.SelfHeal == true ? "selfHeal" : null, automated.AllowEmpty == true ? "allowEmpty" : null }.OfType<string>().ToList();
            parts.Add(flags.Count == 0 ? "automated" : $"automated ({string.Join(", ", flags)})");
        }
        else
        {
            parts.Add("manual (gitops-agent app sync NAME)");
        }

        parts.Add($"interval {spec.SyncPolicy?.Interval ?? "default"}");
        if (spec.Suspend == true)
        {
            parts.Add("SUSPENDED: no writes (gitops-agent app resume NAME)");
        }

        return string.Join(", ", parts);
    }

    private static string Revisions(ApplicationStatus status)
    {
        var applied = status.LastAppliedRevision is { } a ? $"applied {RevisionText.Short(a)}" : "nothing applied yet";
        return status.LastAttemptedRevision is { } t && t != status.LastAppliedRevision ? $"{applied}, attempted {RevisionText.Short(t)}" : applied;
    }

    private static string Indent(string table) => string.Concat(table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => $"  {line}\n"));
}
