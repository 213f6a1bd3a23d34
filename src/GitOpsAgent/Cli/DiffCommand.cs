using System.CommandLine;
using System.Text.Json.Nodes;
using GitOpsAgent.Core.Diff;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Cli;

public static class DiffCommand
{
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var source = new Argument<string>("source") { Description = "A manifest file, a directory, or a Git URL." };
        var revision = new Option<string?>("--revision") { Description = "Branch, tag or commit for a Git URL (default HEAD)." };
        var path = new Option<string?>("--path") { Description = "Directory inside SOURCE to render." };
        var renderer = new Option<string?>("--renderer") { Description = "Auto (default), Plain, Kustomize or Helm." };
        var ns = new Option<string?>("--namespace") { Description = "Destination namespace for namespaced objects that name none." };
        var live = new Option<string?>("--live") { Description = "Offline: read the live objects from this YAML/JSON file." };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Read the live objects from this cluster." };
        var context = new Option<string?>("--context") { Description = "Kubeconfig context (default: the current one)." };
        var fieldManager = new Option<string>("--field-manager") { Description = "Our field manager in managedFields.", DefaultValueFactory = _ => "gitops-agent" };
        var app = new Option<string?>("--app") { Description = "NAMESPACE/NAME of the Application: stamps tracking metadata and finds objects to prune." };
        var command = new Command("diff", "Show what applying SOURCE would change. Exit 0 in sync, 1 on differences, 2 on error.")
        {
            source, revision, path, renderer, ns, live, kubeconfig, context, fieldManager, app,
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
                var appIdentity = ParseApp(result.GetValue(app));

                // Hooks are no managed objects: never compared, never pruned (as the controller sees them).
                var (managed, hooks) = Hook.Split(desired);
                var hookKeys = hooks.Select(h => h.Key).ToHashSet();
                var desiredObjects = managed.Select(m => appIdentity is null ? m.Object : Tracking.Stamp(m.Object, appIdentity)).ToList();
                var liveObjects = (livePath is not null
                    ? ManifestReader.Read(ManifestText.Decode(await File.ReadAllBytesAsync(livePath, ct), livePath), livePath).Select(m => m.Object).ToList()
                    : await ReadLiveAsync(kubeconfigPath, result.GetValue(context), desiredObjects, appIdentity, ct))
                    .Where(o => !Hook.IsHook(o) && !hookKeys.Contains(ResourceKey.Of(o)))
                    .ToList();

                var options = new DiffOptions(result.GetValue(fieldManager)!);
                var diffs = Compare(desiredObjects, liveObjects, appIdentity, options, pruneUnknown: livePath is not null);
                return await PrintAsync(output, diffs);
            }
            catch (Exception ex) when (CliErrors.IsUserFacing(ex))
            {
                await errors.WriteLineAsync($"error: {ex.Message}");
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
        return slash > 0 ? new AppIdentity(text[..slash], text[(slash + 1)..]) : throw new InvalidOperationException($"--app must be NAMESPACE/NAME, not \"{text}\"");
    }

    /// <summary>Desired objects against live ones; live objects nobody desires are prunes (offline: all; live: only ours).</summary>
    internal static List<ResourceDiff> Compare(IReadOnlyList<JsonObject> desired, IReadOnlyList<JsonObject> live, AppIdentity? app, DiffOptions options, bool pruneUnknown)
    {
        var liveByKey = new Dictionary<ResourceKey, JsonObject>();
        foreach (var obj in live)
        {
            liveByKey[ResourceKey.Of(obj)] = obj;
        }

        var prunable = pruneUnknown ? liveByKey.Values : app is null ? [] : liveByKey.Values.Where(o => Tracking.IsOwnedBy(o, app));
        return DesiredStateComparer.Compare(desired, liveByKey.GetValueOrDefault, prunable, options);
    }

    private static async Task<List<JsonObject>> ReadLiveAsync(string? kubeconfig, string? context, IReadOnlyList<JsonObject> desired, AppIdentity? app, CancellationToken ct)
    {
        using var cluster = new KubernetesCluster(KubernetesConfigLoader.Load(kubeconfig, context));
        var client = cluster.Api;
        var result = new List<JsonObject>();
        foreach (var obj in desired)
        {
            var resource = await client.ResolveAsync(obj.GetApiVersion(), obj.GetKind(), ct);
            var ns = resource.Namespaced ? obj.GetNamespace() : null;
            if (await client.GetAsync(obj.GetApiVersion(), obj.GetKind(), ns, obj.GetName(), ct) is { } found)
            {
                result.Add(found);
            }
        }

        if (app is not null)
        {
            var selector = $"{Tracking.LabelKey}={Tracking.LabelValue(app)}";
            foreach (var kind in desired.Select(o => (ApiVersion: o.GetApiVersion(), Kind: o.GetKind())).Distinct())
            {
                var list = await client.ListAllAsync(kind.ApiVersion, kind.Kind, null, new ListOptions(LabelSelector: selector), ct);
                foreach (var item in list.Items)
                {
                    item["apiVersion"] ??= kind.ApiVersion;
                    item["kind"] ??= kind.Kind;
                    if (!result.Any(r => ResourceKey.Of(r) == ResourceKey.Of(item)))
                    {
                        result.Add(item);
                    }
                }
            }
        }

        return result;
    }

    private static async Task<int> PrintAsync(TextWriter output, IReadOnlyList<ResourceDiff> diffs)
    {
        var changed = false;
        foreach (var diff in diffs)
        {
            switch (diff.Action)
            {
                case DiffAction.InSync:
                    await output.WriteLineAsync($"unchanged {diff.Key}");
                    break;
                case DiffAction.Create:
                    changed = true;
                    await output.WriteLineAsync($"create {diff.Key}");
                    break;
                case DiffAction.Prune:
                    changed = true;
                    await output.WriteLineAsync($"prune {diff.Key}");
                    break;
                default:
                    changed = true;
                    await output.WriteLineAsync($"modified {diff.Key}");
                    await output.WriteLineAsync(diff.UnifiedDiff.TrimEnd());
                    break;
            }
        }

        return changed ? ExitCodes.Differences : ExitCodes.Success;
    }
}
