using System.CommandLine;
using System.Text.Json.Nodes;
using GitOpsAgent.Controller;
using GitOpsAgent.Controller.Cache;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Sync;

namespace GitOpsAgent.Cli.App;

/// <summary>
/// `app diff NAME | -f application.yaml [--revision R]`: what the controller would change, compared exactly as it
/// compares: the Application's own source, path, renderer options and destination namespace, its tracking stamp,
/// spec.ignoreDifferences and the cluster's list types, and its tracked objects that left Git as prunes; in the
/// cluster it deploys into, a remote one too (<see cref="ApplicationDestination"/>).
/// </summary>
internal static class AppDiffCommand
{
    public static Command Create(CliContext cli)
    {
        var name = new Argument<string?>("name") { Description = "The Application in the cluster.", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<string?>("--filename", "-f") { Description = "An Application manifest not applied yet (instead of NAME)." };
        var revision = new Option<string?>("--revision") { Description = "Diff this branch, tag, commit or full ref (refs/pull/7/head) instead of spec.source.targetRevision." };
        var fieldManager = new Option<string>("--field-manager") { Description = "The controller's field manager (its --field-manager).", DefaultValueFactory = _ => "gitops-agent" };
        var format = OutputFormat.Create(OutputFormat.Json, OutputFormat.Yaml);
        var command = new Command("diff", "What syncing the Application would change, as the controller compares. Exit 0 in sync, 1 on differences, 2 on error.")
        {
            name, file, revision, fieldManager, format,
        };
        var cluster = ClusterOptions.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(name) is null == (result.GetValue(file) is null))
            {
                result.AddError("give exactly one of NAME or -f FILE");
            }
        });
        command.SetAction(async (result, ct) =>
        {
            using var connection = cluster.Connect(result);
            var apps = new ApplicationClient(connection.Api);
            var raw = result.GetValue(file) is { } path
                ? ReadApplicationFile(path, await File.ReadAllBytesAsync(path, ct), connection.Namespace)
                : await apps.GetAsync(connection.Namespace, result.GetValue(name)!, ct);
            var app = ApplicationSerializer.FromJson(raw);
            var identity = new AppIdentity(raw.GetNamespace(), raw.GetName());
            using var destination = await ApplicationDestination.ConnectAsync(connection.Api, app, identity, ct);
            var schemas = new CustomResourceSchemas(destination.Api, cli.Time);
            using var rendered = await ApplicationRender.RenderAsync(connection.Api, schemas, app, identity, result.GetValue(revision), ct);
            var desired = rendered.Desired.Select(m => m.Object).ToList();
            var live = await LiveState.ReadAsync(destination.Api, desired, identity, KindsOfLastStatus(app), ct);
            var options = ApplicationComparison.DiffOptions(result.GetValue(fieldManager)!, app, await schemas.ListTypesAsync(rendered.Desired, ct), includeUnifiedDiff: true);
            var diffs = DesiredStateComparer.Compare(desired, live.ByKey.GetValueOrDefault, live.Tracked, options);
            foreach (var taken in desired.Select(o => live.ByKey.GetValueOrDefault(ResourceKey.Of(o))).OfType<JsonObject>()
                         .Where(l => Tracking.OwnerOf(l) is { } owner && owner != identity))
            {
                var owner = Tracking.OwnerOf(taken)!;
                await cli.Errors.WriteLineAsync($"warning: {ResourceKey.Of(taken)} is managed by Application {owner.Namespace}/{owner.Name}: the controller will not take it over (OwnedByAnotherApplication)");
            }

            var outputFormat = result.GetValue(format)!;
            var target = result.GetValue(revision) ?? app.Spec.Source.TargetRevision ?? "HEAD";
            if (OutputFormat.IsStructured(outputFormat))
            {
                await OutputFormat.WriteAsync(cli.Output, outputFormat, new JsonObject
                {
                    ["application"] = new JsonObject { ["namespace"] = identity.Namespace, ["name"] = identity.Name },
                    ["targetRevision"] = target,
                    ["revision"] = rendered.Revision,
                    ["destination"] = destination.Name,
                    ["inSync"] = !DiffReport.HasDifferences(diffs),
                    ["resources"] = DiffReport.ToJson(diffs),
                });
            }
            else
            {
                await cli.Errors.WriteLineAsync($"{identity.Namespace}/{identity.Name}: {target} at {Core.Status.RevisionText.Short(rendered.Revision)}{(rendered.Commit is { } c ? $" (\"{c.Subject}\")" : "")} against {destination.Name}");
                await DiffReport.WriteTextAsync(cli.Output, diffs);
            }

            return DiffReport.HasDifferences(diffs) ? ExitCodes.Differences : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The one Application in a file; its namespace defaults to -n (or the context's), as kubectl apply would.</summary>
    private static JsonObject ReadApplicationFile(string path, byte[] bytes, string defaultNamespace)
    {
        var objects = ManifestReader.Read(ManifestText.Decode(bytes, path), path);
        var apps = objects.Where(m => m.Object.GetApiVersion() == Application.ApiVersionValue && m.Object.GetKind() == Application.KindValue).ToList();
        if (apps.Count != 1)
        {
            throw new CliException($"{path}: expected one {Application.ApiVersionValue} Application, found {apps.Count}");
        }

        var app = apps[0].Object;
        if (app.GetNamespace().Length == 0)
        {
            app.SetNamespace(defaultNamespace);
        }

        return app;
    }

    /// <summary>Kinds the last status lists: the controller watches them too, so their tracked objects that left Git are prunes.</summary>
    private static IEnumerable<(string ApiVersion, string Kind)> KindsOfLastStatus(Application app) =>
        (app.Status?.Resources ?? []).Select(r => (r.Group.Length == 0 ? r.Version : $"{r.Group}/{r.Version}", r.Kind));
}
