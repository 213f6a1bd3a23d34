using System.CommandLine;
using System.Text.Json.Nodes;
using GitOpsAgent.Cli.App;
using GitOpsAgent.Controller.Cache;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Core.Status;
using GitOpsAgent.Core.Sync;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Cli;

/// <summary>
/// `trace KIND/NAME -n NS`: which Application manages an object (its tracking annotation, which names the exact
/// object), at which revision (the Application's lastAppliedRevision), and from which file in Git: the Application is
/// rendered at that revision as the controller renders it and the object found among the results. Kustomize does
/// not say which file an object came from; then the files of the checkout holding an object of that kind and name
/// are listed as candidates. An object in a remote cluster is traced with --hub-kubeconfig/--hub-context naming the
/// hub that deploys it. Exit 0 traced, 1 the object is no Application's, 2 usage or access errors.
/// </summary>
public static class TraceCommand
{
    public static Command Create(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var target = new Argument<string>("object") { Description = "KIND/NAME, e.g. deployment/web, Deployment.apps/web, configmaps/settings." };
        var format = OutputFormat.Create(OutputFormat.Json, OutputFormat.Yaml);
        var hubKubeconfig = new Option<string?>("--hub-kubeconfig") { Description = "The cluster holding the Applications, when the object is in a remote cluster a hub deploys into (default: the object's cluster)." };
        var hubContext = new Option<string?>("--hub-context") { Description = "The hub's kubeconfig context (with --hub-kubeconfig, or in the default kubeconfig)." };
        var command = new Command("trace", "Which Application manages an object, at which revision, from which file in Git. Exit 0 traced, 1 not managed, 2 error.") { target, format, hubKubeconfig, hubContext };
        var cluster = ClusterOptions.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var (kindText, objectName) = SplitTarget(result.GetValue(target)!);
            using var connection = cluster.Connect(result);
            var kube = connection.Api;
            var resource = await ResolveKindAsync(kube, kindText, ct);
            var ns = resource.Namespaced ? connection.Namespace : null;
            var obj = await kube.GetAsync(resource.ApiVersion, resource.Kind, ns, objectName, ct)
                ?? throw new CliException($"{resource.Kind} {(ns is null ? "" : ns + "/")}{objectName} not found");
            obj["apiVersion"] ??= resource.ApiVersion;
            obj["kind"] ??= resource.Kind;
            var key = ResourceKey.Of(obj);
            if (Tracking.OwnerOf(obj) is not { } owner)
            {
                var label = obj.GetLabel(Tracking.LabelKey);
                await cli.Errors.WriteLineAsync(label is null
                    ? $"{key} is not managed by any Application (it has no {Tracking.AnnotationKey} annotation)"
                    : $"{key} is not managed by any Application: it carries the {Tracking.LabelKey}={label} label but no {Tracking.AnnotationKey} annotation naming it (a copied label is no claim)");
                return ExitCodes.NotReady;
            }

            // The Application, its Secrets and the controller pods are on the hub; the object, and so the kind scopes of the render, here.
            using var hub = result.GetValue(hubKubeconfig) is null && result.GetValue(hubContext) is null
                ? null
                : new KubernetesCluster(KubernetesConfigLoader.Load(result.GetValue(hubKubeconfig), result.GetValue(hubContext)), new KubernetesClusterOptions { MaxRetries = 1, RequestTimeout = TimeSpan.FromSeconds(30) });
            var applications = hub?.Api ?? kube;
            JsonObject? appObject;
            try
            {
                appObject = await applications.GetAsync(Application.ApiVersionValue, Application.KindValue, owner.Namespace, owner.Name, ct);
            }
            catch (KubernetesUnknownKindException) when (hub is null)
            {
                // A remote cluster has no Application CRD: the Application is on a hub.
                appObject = null;
            }

            if (appObject is null)
            {
                await cli.Errors.WriteLineAsync(hub is null
                    ? $"{key} was deployed by Application {owner.Namespace}/{owner.Name}, which is not in this cluster: it was deleted (its objects were orphaned), or it lives on a hub that deploys here (spec.destination.kubeConfig: name the hub with --hub-kubeconfig or --hub-context)"
                    : $"{key} was deployed by Application {owner.Namespace}/{owner.Name}, which is not on the hub: it was deleted (its objects were orphaned), or another hub deploys here");
                return ExitCodes.NotReady;
            }

            var app = ApplicationSerializer.FromJson(appObject);
            var revision = app.Status?.LastAppliedRevision ?? throw new CliException($"Application {owner.Namespace}/{owner.Name} has applied nothing yet (no status.lastAppliedRevision)");
            using var rendered = await ApplicationRender.RenderAsync(applications, new CustomResourceSchemas(kube, cli.Time), app, owner, revision, ct);
            var manifest = rendered.Desired.FirstOrDefault(m => m.Key == key);
            var files = manifest is null ? [] : FilesOf(manifest, rendered.Checkout.Directory, app.Spec.Source.Path, key);
            var status = app.Status.Resources?.FirstOrDefault(r => r.Group == key.Group && r.Kind == key.Kind && (r.Namespace ?? "") == key.Namespace && r.Name == key.Name);
            var outputFormat = result.GetValue(format)!;
            if (OutputFormat.IsStructured(outputFormat))
            {
                await OutputFormat.WriteAsync(cli.Output, outputFormat, new JsonObject
                {
                    ["object"] = new JsonObject { ["group"] = key.Group, ["kind"] = key.Kind, ["namespace"] = key.Namespace, ["name"] = key.Name },
                    ["application"] = new JsonObject { ["namespace"] = owner.Namespace, ["name"] = owner.Name },
                    ["repoURL"] = Git.RepoUrl.Redact(app.Spec.Source.RepoURL),
                    ["path"] = string.IsNullOrEmpty(app.Spec.Source.Path) ? "." : app.Spec.Source.Path,
                    ["targetRevision"] = app.Spec.Source.TargetRevision ?? "HEAD",
                    ["revision"] = revision,
                    ["commit"] = rendered.Commit is { } c ? new JsonObject { ["subject"] = c.Subject, ["author"] = c.Author } : null,
                    ["inGit"] = manifest is not null,
                    ["exact"] = manifest is not null && files.Count == 1 && files[0].Exact,
                    ["files"] = new JsonArray(files.Select(f => (JsonNode)new JsonObject { ["file"] = f.Source.File, ["line"] = f.Source.Line }).ToArray()),
                    ["sync"] = status?.Status,
                    ["health"] = status?.Health?.Status,
                });
            }
            else
            {
                await cli.Output.WriteAsync(Describe(key, owner, app, revision, rendered.Commit, manifest is not null, files, status));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static (string Kind, string Name) SplitTarget(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < text.Length - 1 && text.IndexOf('/', slash + 1) < 0
            ? (text[..slash], text[(slash + 1)..])
            : throw new CliException($"\"{text}\" is not KIND/NAME (for example deployment/web)");
    }

    /// <summary>A kind as kubectl takes it: Kind, kind, plural, optionally .group ("deployments.apps"); the core group wins a tie.</summary>
    private static async Task<ApiResource> ResolveKindAsync(IKubernetesApi kube, string text, CancellationToken ct)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var (name, group) = dot < 0 ? (text, (string?)null) : (text[..dot], text[(dot + 1)..]);
        var resources = await kube.GetApiResourcesAsync(ct);
        var matches = resources.Where(r => (group is null || string.Equals(r.Group, group, StringComparison.OrdinalIgnoreCase))
            && (string.Equals(r.Kind, name, StringComparison.OrdinalIgnoreCase) || string.Equals(r.Plural, name, StringComparison.OrdinalIgnoreCase))).ToList();
        return matches.OrderBy(r => r.Group.Length == 0 ? 0 : 1).FirstOrDefault()
            ?? throw new CliException($"the cluster serves no kind \"{text}\"");
    }

    /// <summary>
    /// The file the renderer recorded, when it is a file of the checkout (plain files are relative to it; Helm names
    /// "CHART/templates/x.yaml", relative to the chart's directory, the Application's path); else the checkout's files
    /// holding an object of that kind and name.
    /// </summary>
    private static List<(ManifestSource Source, bool Exact)> FilesOf(Manifest manifest, string checkout, string? appPath, ResourceKey key)
    {
        var recorded = manifest.Source.File;
        var slash = recorded.IndexOf('/', StringComparison.Ordinal);
        var underPath = slash > 0 ? Path.Combine(string.IsNullOrEmpty(appPath) ? "." : appPath, recorded[(slash + 1)..]).Replace('\\', '/') : null;
        foreach (var file in new[] { recorded, underPath }.OfType<string>().Where(f => f.Length > 0))
        {
            if (File.Exists(Path.Combine(checkout, file)))
            {
                return [(manifest.Source with { File = Path.GetRelativePath(checkout, Path.Combine(checkout, file)).Replace('\\', '/') }, true)];
            }
        }

        var candidates = new List<(ManifestSource, bool)>();
        foreach (var file in Directory.EnumerateFiles(checkout, "*.y*ml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(checkout, file).Replace('\\', '/');
            if (relative.StartsWith(".git/", StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                var documents = ManifestReader.Read(ManifestText.Decode(File.ReadAllBytes(file), relative), relative);
                candidates.AddRange(documents.Where(d => d.Object.GetKind() == key.Kind && key.Name.Contains(d.Object.GetName(), StringComparison.Ordinal) && d.Object.GetName().Length > 0)
                    .Select(d => (d.Source, false)));
            }
            catch (ManifestParseException)
            {
                // A kustomization or values file, not manifests.
            }
        }

        return candidates;
    }

    private static string Describe(ResourceKey key, AppIdentity owner, Application app, string revision, CommitInfo? commit, bool inGit, List<(ManifestSource Source, bool Exact)> files, ResourceStatus? status)
    {
        var source = app.Spec.Source;
        var text = new System.Text.StringBuilder();
        void Field(string label, string value) => text.Append($"{label + ":",-13}{value}\n");
        Field("Object", key.ToString());
        Field("Application", $"{owner.Namespace}/{owner.Name}");
        Field("Source", $"{Git.RepoUrl.Redact(source.RepoURL)} {source.TargetRevision ?? "HEAD"}, path {(string.IsNullOrEmpty(source.Path) ? "." : source.Path)}");
        Field("Revision", $"{revision}{(commit is null ? "" : $" \"{commit.Subject}\" by {commit.Author}")}");
        if (!inGit)
        {
            Field("File", $"none: the object is no longer in Git at {RevisionText.Short(revision)} (a sync with prune deletes it)");
        }
        else if (files.Count == 1 && files[0].Exact)
        {
            Field("File", files[0].Source.ToString());
        }
        else
        {
            Field("File", files.Count == 0
                ? "rendered, but the renderer does not say from which file"
                : $"the renderer does not say; candidates: {string.Join(", ", files.Select(f => f.Source.ToString()))}");
        }

        if (status is not null)
        {
            Field("Status", $"{status.Status}, {status.Health?.Status ?? "Unknown"}{(string.IsNullOrEmpty(status.Health?.Message) ? "" : $": {status.Health.Message}")}");
        }

        return text.ToString();
    }
}
