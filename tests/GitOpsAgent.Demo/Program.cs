using System.Diagnostics;
using System.Text.Json.Nodes;
using GitOpsAgent;
using GitOpsAgent.Controller;
using GitOpsAgent.Core.Manifests;
using GitOpsAgent.TestSupport;
using GitOpsAgent.Kubernetes;

// A local demo of the whole product on one machine: the in-process test API server stands in for a cluster,
// `git daemon` serves a repository made from samples/, and the real controller syncs the sample Applications.
var root = RepositoryRoot.Path;
var timeout = TimeSpan.FromSeconds(args.Length > 0 && int.TryParse(args[0], out var s) ? s : 120);
Console.WriteLine("GitOpsAgent demo: test API server + git daemon + controller, syncing samples/");

await using var server = await GitOpsAgent.TestApiServer.TestApiServer.StartAsync();
var kubeconfig = server.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory("gitops-demo-").FullName, "kubeconfig"));
Console.WriteLine($"  API server  {server.BaseAddress}  (kubectl --kubeconfig {kubeconfig} get gapp -A)");
await using var git = await GitTestServer.StartAsync();
var repo = await git.CreateRepositoryAsync("samples", Directory.EnumerateFiles(Path.Combine(root, "samples"), "*", SearchOption.AllDirectories)
    .ToDictionary(f => Path.Combine("samples", Path.GetRelativePath(Path.Combine(root, "samples"), f)), File.ReadAllText));
Console.WriteLine($"  Git server  {repo.Url}  at {(await repo.HeadAsync())[..7]}");

using var cluster = new KubernetesCluster(KubernetesConfigLoader.Load(kubeconfig, null));
var client = cluster.Api;
foreach (var crd in Directory.GetFiles(Path.Combine(root, "crds"), "*.yaml").Order(StringComparer.Ordinal))
{
    foreach (var manifest in ManifestReader.Read(await File.ReadAllTextAsync(crd), Path.GetRelativePath(root, crd)))
    {
        await client.ApplyAsync(manifest.Object, new ApplyOptions("demo"), default);
    }
}

client.InvalidateDiscovery();

// The controller's own namespace (its default outside a cluster), where the platform team's samples live, and the
// ServiceAccounts the samples act as: "platform" there, "deployer" limited to namespace default (docs/install.md).
const string DemoSetup = """
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
foreach (var manifest in ManifestReader.Read(DemoSetup, "demo-setup.yaml"))
{
    await client.ApplyAsync(manifest.Object, new ApplyOptions("demo"), default);
}
var applications = new List<(string Namespace, string Name)>();
foreach (var file in new[] { "guestbook.yaml", "guestbook-staging.yaml" })
{
    foreach (var manifest in ManifestReader.Read(await File.ReadAllTextAsync(Path.Combine(root, "samples", "applications", file)), file))
    {
        manifest.Object["spec"]!["source"]!["repoURL"] = repo.Url;
        manifest.Object["spec"]!["source"]!["targetRevision"] = "main";
        await client.ApplyAsync(manifest.Object, new ApplyOptions("demo"), default);
        applications.Add((manifest.Object.GetNamespace(), manifest.Object.GetName()));
    }
}

var options = new ControllerOptions
{
    Kubeconfig = kubeconfig,
    HttpAddress = "127.0.0.1:0",
    LeaderElect = false,
    ControllerNamespace = "gitops-agent",
    Interval = TimeSpan.FromSeconds(5),
    LogFormat = "text",
    CacheDir = Directory.CreateTempSubdirectory("gitops-demo-cache-").FullName,
};
await using var controller = ControllerHost.Build(options);
await controller.StartAsync();

var stopwatch = Stopwatch.StartNew();
var allSynced = false;
while (stopwatch.Elapsed < timeout && !allSynced)
{
    await Task.Delay(TimeSpan.FromSeconds(1));
    var rows = new List<string>();
    allSynced = true;
    foreach (var (ns, name) in applications)
    {
        var app = await client.GetAsync("gitopsagent.io/v1alpha1", "Application", ns, name, default);
        var sync = app?.GetStringAt("status", "sync", "status") ?? "-";
        var health = app?.GetStringAt("status", "health", "status") ?? "-";
        var revision = app?.GetStringAt("status", "sync", "revision") ?? "-";
        var ready = (app?.GetArrayAt("status", "conditions") ?? []).OfType<JsonObject>().FirstOrDefault(c => c.GetStringAt("type") == "Ready");
        allSynced &= sync == "Synced" && health == "Healthy";
        rows.Add($"  {ns,-10} {name,-22} {sync,-10} {health,-12} {revision[..Math.Min(7, revision.Length)],-8} {ready?.GetStringAt("message")}");
    }

    Console.WriteLine($"[{stopwatch.Elapsed.TotalSeconds,5:0.0}s] NAMESPACE  NAME                   SYNC       HEALTH       REVISION MESSAGE");
    rows.ForEach(Console.WriteLine);
}

await controller.StopAsync();
Console.WriteLine(allSynced ? "All Applications are Synced and Healthy." : $"Not all Applications were Synced and Healthy within {timeout.TotalSeconds:0}s.");
return allSynced ? 0 : 1;
