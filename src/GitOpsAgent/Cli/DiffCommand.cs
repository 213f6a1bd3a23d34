using System.CommandLine;
using System.Text.Json.Nodes;
using GitOpsAgent.Controller.Cache;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Schema;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Cli;

/// <summary>
/// `gitops-agent diff SOURCE`: what applying a local directory, file or Git URL would change, offline (--live FILE)
/// or against a cluster. Against a cluster the objects are stamped as the Application that deploys them would stamp
/// them: --app names it (and must exist), else the one the live objects' tracking annotation names, when they agree.
/// For an Application as it stands in the cluster, `gitops-agent app diff NAME` reads everything from it.
/// </summary>
public static class DiffCommand
{
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var source = new Argument<string>("source") { Description = "A manifest file, a directory, or a Git URL." };
        var revision = new Option<string?>("--revision") { Description = "Branch, tag or commit for a Git URL (default HEAD)." };
        var path = new Option<string?>("--path") { Description = "Directory inside SOURCE to render." };
        var renderer = RendererOption.Create();
        var ns = new Option<string?>("--namespace") { Description = "Destination namespace for namespaced objects that name none." };
        var live = new Option<string?>("--live") { Description = "Offline: read the live objects from this YAML/JSON file." };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Read the live objects from this cluster." };
        var context = new Option<string?>("--context") { Description = "Kubeconfig context (default: the current one)." };
        var fieldManager = new Option<string>("--field-manager") { Description = "Our field manager in managedFields.", DefaultValueFactory = _ => "gitops-agent" };
        var app = new Option<string?>("--app") { Description = "NAMESPACE/NAME of the Application that deploys SOURCE: stamps its tracking metadata and finds its objects to prune (default: the one the live objects name)." };
        var format = OutputFormat.Create(OutputFormat.Json, OutputFormat.Yaml);
        var command = new Command("diff", "Show what applying SOURCE would change. Exit 0 in sync, 1 on differences, 2 on error.")
        {
            source, revision, path, renderer, ns, live, kubeconfig, context, fieldManager, app, format,
        };
        command.SetAction(async (result, ct) =>
        {
            try
            {
                var livePath = result.GetValue(live);
                var kubeconfigPath = result.GetValue(kubeconfig);
                if (livePath is null == (kubeconfigPath is null && result.GetValue(context) is null))
                {
                    await errors.WriteLineAsync("error: give exactly one of --live FILE or --kubeconfig FILE [--context C]");
                    return ExitCodes.Error;
                }

                var desired = await LocalSource.RenderAsync(result.GetValue(source)!, result.GetValue(revision), result.GetValue(path), result.GetValue(renderer), result.GetValue(ns), ct);

                // Hooks are no managed objects: never compared, never pruned (as the controller sees them).
                var (managed, hooks) = Hook.Split(desired);
                var hookKeys = hooks.Select(h => h.Key).ToHashSet();
                var objects = managed.Select(m => m.Object).ToList();
                var options = new DiffOptions(result.GetValue(fieldManager)!);
                var diffs = livePath is not null
                    ? CompareOffline(objects, ReadLiveFile(livePath, await File.ReadAllBytesAsync(livePath, ct)).Where(o => !IsHook(o, hookKeys)).ToList(), ParseApp(result.GetValue(app)), options)
                    : await CompareLiveAsync(kubeconfigPath, result.GetValue(context), managed, hookKeys, ParseApp(result.GetValue(app)), options, errors, ct);
                var outputFormat = result.GetValue(format)!;
                if (OutputFormat.IsStructured(outputFormat))
                {
                    await OutputFormat.WriteAsync(output, outputFormat, new JsonObject { ["inSync"] = !DiffReport.HasDifferences(diffs), ["resources"] = DiffReport.ToJson(diffs) });
                }
                else
                {
                    await DiffReport.WriteTextAsync(output, diffs);
                }

                return DiffReport.HasDifferences(diffs) ? ExitCodes.Differences : ExitCodes.Success;
            }
            catch (Exception ex) when (CliErrors.IsUserFacing(ex))
            {
                await errors.WriteLineAsync($"error: {CliErrors.Describe(ex)}");
                return ExitCodes.Error;
            }
        });
        return command;
    }

    private static AppIdentity? ParseApp(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < text.Length - 1 ? new AppIdentity(text[..slash], text[(slash + 1)..]) : throw new CliException($"--app must be NAMESPACE/NAME, not \"{text}\"");
    }

    private static List<JsonObject> ReadLiveFile(string path, byte[] bytes) =>
        ManifestReader.Read(ManifestText.Decode(bytes, path), path).Select(m => m.Object).ToList();

    /// <summary>Offline, every live object in the file that is not desired is a prune.</summary>
    private static List<ResourceDiff> CompareOffline(List<JsonObject> desired, List<JsonObject> live, AppIdentity? app, DiffOptions options)
    {
        var stamped = app is null ? desired : desired.Select(o => Tracking.Stamp(o, app)).ToList();
        var liveByKey = new Dictionary<ResourceKey, JsonObject>();
        foreach (var obj in live)
        {
            liveByKey[ResourceKey.Of(obj)] = obj;
        }

        var listTypes = stamped.Where(CustomResourceSchemas.IsCrd).Aggregate(ListTypeTable.Builtin, (table, crd) => table.WithCustomResourceDefinition(crd));
        return DesiredStateComparer.Compare(stamped, liveByKey.GetValueOrDefault, liveByKey.Values, options with { ListTypes = listTypes });
    }

    private static bool IsHook(JsonObject live, HashSet<ResourceKey> hookKeys) => Hook.IsHook(live) || hookKeys.Contains(ResourceKey.Of(live));

    private static async Task<List<ResourceDiff>> CompareLiveAsync(string? kubeconfig, string? context, IReadOnlyList<Manifest> desired, HashSet<ResourceKey> hookKeys, AppIdentity? app, DiffOptions options, TextWriter errors, CancellationToken ct)
    {
        using var cluster = new KubernetesCluster(KubernetesConfigLoader.Load(kubeconfig, context), new KubernetesClusterOptions { MaxRetries = 1 });
        var kube = cluster.Api;
        var objects = desired.Select(m => m.Object).ToList();
        if (app is not null)
        {
            _ = await kube.GetAsync(Application.ApiVersionValue, Application.KindValue, app.Namespace, app.Name, ct)
                ?? throw new CliException($"--app {app.Namespace}/{app.Name}: no such Application in the cluster (name the Application that deploys these objects, or leave --app out)");
        }
        else
        {
            app = await InferAppAsync(kube, objects, errors, ct);
        }

        var stamped = app is null ? objects : objects.Select(o => Tracking.Stamp(o, app)).ToList();
        var live = await LiveState.ReadAsync(kube, stamped, app, [], ct);
        var listTypes = await new CustomResourceSchemas(kube, TimeProvider.System).ListTypesAsync(desired, ct);
        return DesiredStateComparer.Compare(stamped, live.ByKey.GetValueOrDefault, live.Tracked.Where(o => !IsHook(o, hookKeys)), options with { ListTypes = listTypes });
    }

    /// <summary>The Application the live objects' tracking annotations name, when they all name the same one.</summary>
    private static async Task<AppIdentity?> InferAppAsync(IKubernetesApi kube, List<JsonObject> desired, TextWriter errors, CancellationToken ct)
    {
        var live = await LiveState.ReadAsync(kube, desired, null, [], ct);
        var owners = live.ByKey.Values.Select(Tracking.OwnerOf).OfType<AppIdentity>().Distinct().ToList();
        switch (owners.Count)
        {
            case 1:
                await errors.WriteLineAsync($"note: comparing as Application {owners[0].Namespace}/{owners[0].Name}, which the live objects' tracking annotation names (--app to choose)");
                return owners[0];
            case > 1:
                await errors.WriteLineAsync($"note: the live objects belong to several Applications ({string.Join(", ", owners.Select(o => $"{o.Namespace}/{o.Name}"))}): pass --app to compare as one of them");
                return null;
            default:
                return null;
        }
    }
}
