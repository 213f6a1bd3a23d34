using System.Diagnostics;
using GitOpsAgent.Cli;
using GitOpsAgent.Controller;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.Kubernetes;
using GitOpsAgent.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Demo;

/// <summary>
/// The whole product on one machine: the in-process test API server stands in for a cluster, a `git daemon` serves
/// a repository made from samples/, and the real controller syncs every sample Application (the manual one through
/// `gitops-agent app sync`). Progress is one line per change; the result table (`gitops-agent app list -A`) comes
/// last. With --keep everything stays up, so the printed kubectl and gitops-agent commands work, until Ctrl+C.
/// </summary>
public static class DemoRun
{
    private const string ApiVersion = "gitopsagent.io/v1alpha1";

    public static async Task<int> RunAsync(DemoOptions options, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var root = RepositoryRoot.Path;
        var workDir = Directory.CreateTempSubdirectory("gitops-demo-").FullName;
        await output.WriteLineAsync("GitOpsAgent demo: test API server + git daemon + controller, syncing every Application in samples/applications");

        await using var server = await TestApiServer.TestApiServer.StartAsync(ct: ct);
        var kubeconfig = server.WriteKubeconfig(Path.Combine(workDir, "kubeconfig"));
        await using var git = await GitTestServer.StartAsync();
        var samples = Path.Combine(root, "samples");
        var repo = await git.CreateRepositoryAsync("samples", Directory.EnumerateFiles(samples, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.Combine("samples", Path.GetRelativePath(samples, f)), File.ReadAllText));
        await output.WriteLineAsync($"  API server  {server.BaseAddress}");
        await output.WriteLineAsync($"  Git server  {repo.Url} at {(await repo.HeadAsync())[..7]}");

        using var cluster = new KubernetesCluster(KubernetesConfigLoader.Load(kubeconfig, null));
        var client = cluster.Api;
        foreach (var crd in Directory.GetFiles(Path.Combine(root, "crds"), "*.yaml").Order(StringComparer.Ordinal))
        {
            foreach (var manifest in ManifestReader.Read(await File.ReadAllTextAsync(crd, ct), Path.GetRelativePath(root, crd)))
            {
                await client.ApplyAsync(manifest.Object, new ApplyOptions("demo"), ct);
            }
        }

        client.InvalidateDiscovery();
        foreach (var manifest in ManifestReader.Read(TenancySetup, "demo-setup.yaml"))
        {
            await client.ApplyAsync(manifest.Object, new ApplyOptions("demo"), ct);
        }

        var applications = await ApplySamplesAsync(client, Path.Combine(samples, "applications"), repo.Url, output, ct);

        var controllerOptions = new ControllerOptions
        {
            Kubeconfig = kubeconfig,
            HttpAddress = "127.0.0.1:0",
            LeaderElect = false,
            ControllerNamespace = "gitops-agent",
            Interval = TimeSpan.FromSeconds(5),
            LogFormat = "text",
            CacheDir = Path.Combine(workDir, "cache"),
        };

        // Warnings only: the demo's own lines and the table are what to read.
        await using var controller = ControllerHost.Build(controllerOptions, services => services.Configure<LoggerFilterOptions>(f => f.MinLevel = LogLevel.Warning));
        await controller.StartAsync(ct);
        var ready = await WaitAllReadyAsync(client, applications, kubeconfig, options.Timeout, output, ct);

        await output.WriteLineAsync();
        await output.WriteAsync(await CliAsync("app", "list", "-A", "-o", "wide", "--kubeconfig", kubeconfig));
        await output.WriteLineAsync();
        await output.WriteLineAsync(ready
            ? $"RESULT: all {applications.Count} Applications are Synced and Healthy."
            : $"RESULT: not all Applications were Synced and Healthy within {options.Timeout.TotalSeconds:0}s (the table says which and why).");
        if (options.Keep)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync("The servers keep running until Ctrl+C. Try:");
            await output.WriteLineAsync($"  kubectl --kubeconfig {kubeconfig} get gapp -A -o wide");
            await output.WriteLineAsync($"  dotnet run --project src/GitOpsAgent -- app get guestbook -n default --kubeconfig {kubeconfig}");
            await output.WriteLineAsync($"  dotnet run --project src/GitOpsAgent -- trace deployment/guestbook-ui -n default --kubeconfig {kubeconfig}");
            await WaitForStopAsync(ct);
        }
        else
        {
            await output.WriteLineAsync("(run with --keep to keep the servers up and look around with kubectl and gitops-agent)");
        }

        await controller.StopAsync(CancellationToken.None);
        return ready ? 0 : 1;
    }

    /// <summary>
    /// The controller's own namespace (its default outside a cluster), where the platform team's samples live, and the
    /// ServiceAccounts the samples act as: "platform" there, "deployer" limited to namespace default (docs/install.md).
    /// </summary>
    private const string TenancySetup = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: gitops-agent}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: platform, namespace: gitops-agent}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: gitops-agent-platform}
        subjects: [{kind: ServiceAccount, name: platform, namespace: gitops-agent}]
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: deployer, namespace: default}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: deployer, namespace: default}
        subjects: [{kind: ServiceAccount, name: deployer, namespace: default}]
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
        """;

    /// <summary>
    /// Every samples/applications/*.yaml whose source is the samples repository, pointed at the demo's Git server; a
    /// sample that pulls a chart from the internet is named and left out (this machine may have no network).
    /// </summary>
    private static async Task<List<(string Namespace, string Name, bool Automated)>> ApplySamplesAsync(KubernetesApi client, string directory, string repoUrl, TextWriter output, CancellationToken ct)
    {
        var applications = new List<(string, string, bool)>();
        foreach (var file in Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            foreach (var manifest in ManifestReader.Read(await File.ReadAllTextAsync(file, ct), Path.GetFileName(file)))
            {
                if (manifest.Object.GetStringAt("spec", "source", "chart") is { } chart)
                {
                    await output.WriteLineAsync($"  skipped     {Path.GetFileName(file)}: chart {chart} comes from {manifest.Object.GetStringAt("spec", "source", "repoURL")}, outside this demo");
                    continue;
                }

                manifest.Object["spec"]!["source"]!["repoURL"] = repoUrl;
                manifest.Object["spec"]!["source"]!["targetRevision"] = "main";
                await client.ApplyAsync(manifest.Object, new ApplyOptions("demo"), ct);
                applications.Add((manifest.Object.GetNamespace(), manifest.Object.GetName(), manifest.Object.GetAt("spec", "syncPolicy", "automated") is not null));
            }
        }

        return applications;
    }

    /// <summary>Polls until every Application is Ready; manual ones get `gitops-agent app sync`; one line per change of state.</summary>
    private static async Task<bool> WaitAllReadyAsync(KubernetesApi client, List<(string Namespace, string Name, bool Automated)> applications, string kubeconfig, TimeSpan timeout, TextWriter output, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        var syncRequested = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var allReady = true;
            foreach (var (ns, name, automated) in applications)
            {
                var app = await client.GetAsync(ApiVersion, "Application", ns, name, ct);
                var sync = app?.GetStringAt("status", "sync", "status") ?? "-";
                var health = app?.GetStringAt("status", "health", "status") ?? "-";
                var readyCondition = (app?.GetArrayAt("status", "conditions") ?? []).OfType<System.Text.Json.Nodes.JsonObject>().FirstOrDefault(c => c.GetStringAt("type") == "Ready");
                allReady &= readyCondition?.GetStringAt("status") == "True";
                var state = $"{sync}/{health}: {readyCondition?.GetStringAt("message") ?? "waiting for the controller"}";
                if (last.GetValueOrDefault($"{ns}/{name}") != state)
                {
                    last[$"{ns}/{name}"] = state;
                    await output.WriteLineAsync($"[{stopwatch.Elapsed.TotalSeconds,5:0.0}s] {ns}/{name}: {state}");
                }

                if (!automated && sync == "OutOfSync" && syncRequested.Add($"{ns}/{name}"))
                {
                    // Automated sync is off for this one: sync it the way an operator would.
                    await output.WriteLineAsync($"[{stopwatch.Elapsed.TotalSeconds,5:0.0}s] {ns}/{name}: automated sync is off; gitops-agent app sync {name} -n {ns}");
                    await CliAsync("app", "sync", name, "-n", ns, "--kubeconfig", kubeconfig);
                }
            }

            if (allReady)
            {
                return true;
            }

            if (stopwatch.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    private static async Task<string> CliAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        await CommandLine.InvokeAsync(args, stdout, stderr);
        return stdout.ToString() + stderr;
    }

    private static async Task WaitForStopAsync(CancellationToken ct)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.TrySetResult();
        };
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.TrySetResult();
        });
        await stop.Task.WaitAsync(ct);
    }
}
