using System.CommandLine;
using GitOpsAgent.Controller.Cache;
using GitOpsAgent.Core.Applications;
using GitOpsAgent.Core.Previews;
using GitOpsAgent.Core.Variables;
using GitOpsAgent.Git;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.Previews;
using GitOpsAgent.Rendering;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOpsAgent.Cli;

/// <summary>
/// `gitops-agent preview --repo URL|DIR --base REF --head REF (--applications DIR | --kubeconfig F)`: what merging
/// head into base would do, per Application of the repository, as Markdown for a PR comment or as JSON.
/// Exit 0 nothing changes, 1 something changes, 2 errors (a render error names file and line).
/// </summary>
public static class PreviewCommand
{

    public static Command Create(TextWriter output, TextWriter errors)
    {
        var repo = new Option<string>("--repo") { Description = "The repository: a Git URL, or a local clone (a CI checkout).", Required = true };
        var baseRevision = new Option<string>("--base") { Description = "The revision merged into (branch, tag or commit; in a clone anything git rev-parse knows).", Required = true };
        var headRevision = new Option<string>("--head") { Description = "The revision to preview (the pull request's head).", Required = true };
        var repoUrl = new Option<string?>("--repo-url") { Description = "The URL Applications name for a local --repo (default: its origin remote)." };
        var applications = new Option<string?>("--applications") { Description = "A folder of Application manifests (CI without cluster access)." };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Read the Applications (unless --applications) and the live objects from this cluster." };
        var context = new Option<string?>("--context") { Description = "Kubeconfig context (default: the current one)." };
        var ns = new Option<string?>("--namespace") { Description = "Only Applications in this namespace (with --kubeconfig)." };
        var format = new Option<string>("--format") { Description = "markdown (a PR comment) or json.", DefaultValueFactory = _ => "markdown" };
        format.AcceptOnlyFromAmong("markdown", "json");
        var fieldManager = new Option<string>("--field-manager") { Description = "The controller's field manager in managedFields.", DefaultValueFactory = _ => "gitops-agent" };
        var clusterName = new Option<string?>("--cluster-name") { Description = "${cluster.name} (default with --kubeconfig: what the controller pods publish; offline: undefined)." };
        var clusterLabel = new Option<string[]>("--cluster-label") { Description = "${cluster.labels.KEY}, key=value; repeat, or separate with commas (replaces the published labels)." };
        var command = new Command("preview", "Show what merging HEAD into BASE would change, per Application of the repository. Exit 0 no change, 1 changes, 2 errors.")
        {
            repo, baseRevision, headRevision, repoUrl, applications, kubeconfig, context, ns, format, fieldManager, clusterName, clusterLabel,
        };
        command.SetAction(async (result, ct) =>
        {
            try
            {
                var appsFolder = result.GetValue(applications);
                var kubeconfigPath = result.GetValue(kubeconfig);
                var contextName = result.GetValue(context);
                if (appsFolder is null && kubeconfigPath is null && contextName is null)
                {
                    await errors.WriteLineAsync("error: give --applications DIR (Application manifests) or --kubeconfig FILE [--context C] (the cluster's Applications)");
                    return ExitCodes.Error;
                }

                var report = await RunAsync(
                    new Arguments(result.GetValue(repo)!, result.GetValue(baseRevision)!, result.GetValue(headRevision)!, result.GetValue(repoUrl), appsFolder,
                        kubeconfigPath, contextName, result.GetValue(ns), result.GetValue(fieldManager)!, ClusterIdentity(result.GetValue(clusterName), result.GetValue(clusterLabel))),
                    ct);
                await output.WriteAsync(result.GetValue(format) == "json" ? PreviewJson.Serialize(report) : PreviewMarkdown.Write(report));
                foreach (var error in report.Applications.SelectMany(a => a.Errors.Select(e => $"{a.Application.Namespace}/{a.Application.Name}: {e}")))
                {
                    await errors.WriteLineAsync($"error: {error}");
                }

                return report.ExitCode;
            }
            catch (Exception ex) when (CliErrors.IsUserFacing(ex))
            {
                await errors.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Error;
            }
        });
        return command;
    }

    private sealed record Arguments(string Repo, string Base, string Head, string? RepoUrl, string? Applications, string? Kubeconfig, string? Context, string? Namespace, string FieldManager, ClusterFlags? Cluster);

    /// <summary>--cluster-name and --cluster-label as given (null: neither given), checked as `run` checks them.</summary>
    private sealed record ClusterFlags(string? Name, Dictionary<string, string>? Labels);

    private static ClusterFlags? ClusterIdentity(string? name, string[]? labels) =>
        name is null && labels is not { Length: > 0 }
            ? null
            : new ClusterFlags(name is null ? null : RunCommand.ParseClusterName(name), labels is { Length: > 0 } ? RunCommand.ParseClusterLabels(string.Join(',', labels)) : null);

    /// <summary>The flags win, each over its own part of what the controller pods publish (offline there is nothing published).</summary>
    private static async Task<VariableSet> ClusterVariablesAsync(IKubernetesApi? kube, ClusterFlags? flags, CancellationToken ct)
    {
        if (flags is { Name: not null, Labels: not null } || kube is null)
        {
            return VariableSet.ForCluster(flags?.Name, flags?.Labels);
        }

        var published = await RunningControllers.IdentityAsync(kube, ct);
        return VariableSet.ForCluster(flags?.Name ?? published.Name, flags?.Labels ?? published.Labels);
    }

    private static async Task<PreviewReport> RunAsync(Arguments args, CancellationToken ct)
    {
        // A local clone named on the command line is the user's own disk: allow just that one.
        var local = Directory.Exists(args.Repo) ? args.Repo : RepositoryUrlPolicy.LocalPath(args.Repo);
        string baseRevision = args.Base, headRevision = args.Head, repositoryUrl = args.RepoUrl ?? args.Repo;
        if (local is not null)
        {
            var clone = new LocalClone(local);
            repositoryUrl = args.RepoUrl ?? await clone.OriginUrlAsync(ct)
                ?? throw new InvalidOperationException($"{local} has no origin remote, so it is not known which Applications source from it: pass --repo-url URL");
            baseRevision = await clone.ResolveAsync(args.Base, ct);
            headRevision = await clone.ResolveAsync(args.Head, ct);
        }

        using var scratch = new CliScratchDirectory();
        var cacheOptions = new GitRepositoryCacheOptions
        {
            CacheRoot = Path.Combine(scratch.Path, "cache"),
            AllowedLocalRepositoryRoots = local is null ? [] : [Path.GetFullPath(local)],
        };
        using var git = new GitRepositoryCache(cacheOptions, NullLogger<GitRepositoryCache>.Instance);
        var runner = new PreviewRunner(git, new ManifestRenderer(new ManifestRendererOptions()), NullLogger<PreviewRunner>.Instance);
        var fetchUrl = local is null ? args.Repo : Path.GetFullPath(local);
        if (args.Kubeconfig is null && args.Context is null)
        {
            var apps = ApplicationFiles.Read(args.Applications!);
            var offline = new PreviewRequest(repositoryUrl, fetchUrl, baseRevision, headRevision, apps)
            {
                FieldManager = args.FieldManager,
                ClusterVariables = await ClusterVariablesAsync(null, args.Cluster, ct),
            };
            return await runner.RunAsync(offline, ct);
        }

        using var cluster = new KubernetesCluster(KubernetesConfigLoader.Load(args.Kubeconfig, args.Context));
        var schemas = new CustomResourceSchemas(cluster.Api, TimeProvider.System);
        await schemas.RefreshScopeAsync(ct);
        var fromCluster = args.Applications is null;
        var applications = fromCluster ? await ListApplicationsAsync(cluster.Api, args.Namespace, ct) : ApplicationFiles.Read(args.Applications!);
        var request = new PreviewRequest(repositoryUrl, fetchUrl, baseRevision, headRevision, applications)
        {
            FieldManager = args.FieldManager,
            Live = new ClusterLiveObjects(cluster.Api),
            Scope = schemas.Scope,
            ListTypes = schemas.ListTypesAsync,
            ClusterVariables = await ClusterVariablesAsync(cluster.Api, args.Cluster, ct),
            SubstitutionSource = cluster.Api,
        };
        return await runner.RunAsync(request, ct);
    }

    private static async Task<IReadOnlyList<Application>> ListApplicationsAsync(IKubernetesApi kube, string? ns, CancellationToken ct)
    {
        var list = await kube.ListAllAsync(Application.ApiVersionValue, Application.KindValue, ns, new ListOptions(), ct);
        return list.Items.Select(ApplicationSerializer.FromJson).ToList();
    }
}
