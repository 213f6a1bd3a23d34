using System.Text.Json.Nodes;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.TestApiServer.Tests;

/// <summary>The real kubectl (v1.32) against the test server: what it shows must be what a real cluster shows.</summary>
public sealed class KubectlTests : ServerTestBase
{
    private const string Guestbook = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: guestbook-config
        data:
          greeting: hello
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: guestbook
          labels:
            app: guestbook
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: guestbook
          template:
            metadata:
              labels:
                app: guestbook
            spec:
              containers:
              - name: web
                image: nginx:1.27
                ports:
                - containerPort: 80
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: guestbook
        spec:
          selector:
            app: guestbook
          ports:
          - port: 80
        """;

    private const string ApplicationYaml = """
        apiVersion: gitopsagent.io/v1alpha1
        kind: Application
        metadata:
          name: guestbook
        spec:
          source:
            repoURL: https://example.com/x.git
            path: guestbook
          # A real API server fills in this schema default; this one does not default custom resources.
          suspend: false
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("testapiserver-kubectl-").FullName;

    private Kubectl Start()
    {
        if (Kubectl.FindOnPath() is null)
        {
            Assert.Skip("kubectl is not on PATH");
        }

        return new Kubectl(Server.WriteKubeconfig(Path.Combine(_dir, "kubeconfig")), Path.Combine(_dir, "cache"));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Kubectl_ServerSideApplyCrdAndApplication_GetShowsTheApplication()
    {
        var kubectl = Start();

        var crdOutput = await kubectl.SucceedAsync("apply", "--server-side", "-f", Path.Combine(RepositoryRoot.Path, "crds"));
        var appOutput = await kubectl.SucceedAsync("apply", "--server-side", "-f", Write("app.yaml", ApplicationYaml));
        await kubectl.SucceedAsync("get", "applications");
        Server.Store.SetStatus("gitopsagent.io/v1alpha1", "Application", "default", "guestbook", Json.Obj("""{"lastAppliedRevision":"abc123","lastAppliedRevisionShort":"abc123","lastAttemptedRevision":"def456","sync":{"status":"Synced","revision":"abc123"},"health":{"status":"Healthy"},"conditions":[{"type":"Synced","status":"True","reason":"Synced","message":"in sync"},{"type":"Ready","status":"True","reason":"Succeeded","message":"synced to abc123 and healthy"}]}"""));
        var list = await kubectl.SucceedAsync("get", "applications");
        var wide = await kubectl.SucceedAsync("get", "applications", "-o", "wide");
        var byShortName = await kubectl.SucceedAsync("get", "gapp", "guestbook", "-o", "jsonpath={.spec.source.repoURL}");

        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/applications.gitopsagent.io serverside-applied", crdOutput, StringComparison.Ordinal);
        Assert.Contains("application.gitopsagent.io/guestbook serverside-applied", appOutput, StringComparison.Ordinal);
        var lines = list.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "READY", "SYNC", "HEALTH", "SUSPENDED", "REVISION", "AGE", "STATUS"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var row = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["guestbook", "True", "Synced", "Healthy", "false", "abc123"], row[..6]);
        Assert.Equal("synced to abc123 and healthy", string.Join(' ', row[7..]));
        Assert.Contains("ATTEMPTED", wide.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("def456", wide, StringComparison.Ordinal);
        Assert.Equal("https://example.com/x.git", byShortName);
    }

    [Fact]
    public async Task Kubectl_ApplyGuestbook_ShowsManagedFieldsDefaultsAndStatus()
    {
        var kubectl = Start();
        var file = Write("guestbook.yaml", Guestbook);

        var applied = await kubectl.SucceedAsync("apply", "--server-side", "-f", file);
        var yaml = await kubectl.SucceedAsync("get", "deploy", "guestbook", "-o", "yaml", "--show-managed-fields");
        var json = JsonNode.Parse(await kubectl.SucceedAsync("get", "deploy", "guestbook", "-o", "json", "--show-managed-fields"))!.AsObject();
        var ready = await kubectl.SucceedAsync("get", "deploy", "guestbook", "-o", "jsonpath={.status.readyReplicas}/{.spec.replicas} {.spec.template.spec.containers[0].imagePullPolicy}");
        var rollout = await kubectl.SucceedAsync("rollout", "status", "deploy/guestbook", "--timeout=10s");
        var table = await kubectl.SucceedAsync("get", "deploy", "guestbook");
        var reapplied = await kubectl.SucceedAsync("apply", "--server-side", "-f", file);

        Assert.Contains("deployment.apps/guestbook serverside-applied", applied, StringComparison.Ordinal);
        Assert.Contains("service/guestbook serverside-applied", applied, StringComparison.Ordinal);
        Assert.Contains("managedFields:", yaml, StringComparison.Ordinal);
        Assert.Contains("manager: kubectl", yaml, StringComparison.Ordinal);
        Assert.Contains("operation: Apply", yaml, StringComparison.Ordinal);
        Assert.NotNull(json.Managed("kubectl", "Apply"));
        Assert.Equal("2/2 IfNotPresent", ready);
        Assert.Contains("successfully rolled out", rollout, StringComparison.Ordinal);
        var rows = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], rows[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["guestbook", "2/2", "2", "2"], rows[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..4]);
        Assert.Contains("serverside-applied", reapplied, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_ScaleThenApply_ReportsTheConflictLikeACluster()
    {
        var kubectl = Start();
        var file = Write("guestbook.yaml", Guestbook);
        await kubectl.SucceedAsync("apply", "--server-side", "-f", file);

        await kubectl.SucceedAsync("scale", "deploy/guestbook", "--replicas=5");
        var (exit, _, stderr) = await kubectl.RunAsync("apply", "--server-side", "-f", file);
        await kubectl.SucceedAsync("apply", "--server-side", "--force-conflicts", "-f", file);
        var replicas = await kubectl.SucceedAsync("get", "deploy", "guestbook", "-o", "jsonpath={.spec.replicas}");

        Assert.NotEqual(0, exit);
        Assert.Contains(".spec.replicas", stderr, StringComparison.Ordinal);
        Assert.Equal("2", replicas);
    }

    [Fact]
    public async Task Kubectl_ClientSideThenServerSideApply_MovesOwnershipAndDiffsCleanly()
    {
        var kubectl = Start();
        var file = Write("guestbook.yaml", Guestbook);

        var created = await kubectl.SucceedAsync("apply", "-f", file);
        await kubectl.SucceedAsync("apply", "--server-side", "-f", file);
        var (diffExit, diffOut, diffErr) = await kubectl.RunAsync("diff", "--server-side", "-f", file);
        var json = JsonNode.Parse(await kubectl.SucceedAsync("get", "cm", "guestbook-config", "-o", "json", "--show-managed-fields"))!.AsObject();
        await kubectl.SucceedAsync("apply", "--server-side", "-f", Write("changed.yaml", Guestbook.Replace("greeting: hello", "greeting: bye", StringComparison.Ordinal)));

        Assert.Contains("configmap/guestbook-config created", created, StringComparison.Ordinal);
        Assert.True(diffExit == 0, $"kubectl diff exited {diffExit}\n{diffOut}\n{diffErr}");
        Assert.NotNull(json.Managed("kubectl", "Apply"));
        Assert.Null(json.Managed("kubectl-client-side-apply", "Update"));
        Assert.Equal("bye", Server.Store.Get("v1", "ConfigMap", "default", "guestbook-config")!.Str("data", "greeting"));
    }

    [Fact]
    public async Task Kubectl_DeleteFile_RemovesTheObjects()
    {
        var kubectl = Start();
        var file = Write("guestbook.yaml", Guestbook);
        await kubectl.SucceedAsync("apply", "--server-side", "-f", file);

        var deleted = await kubectl.SucceedAsync("delete", "-f", file);
        var remaining = await kubectl.SucceedAsync("get", "deploy,svc,cm", "-o", "name");

        Assert.Contains("deployment.apps \"guestbook\" deleted", deleted, StringComparison.Ordinal);
        Assert.DoesNotContain("guestbook", remaining, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_CreateConfigMap_StoresTheDataSentAsProtobuf()
    {
        var kubectl = Start();

        var created = await kubectl.SucceedAsync("create", "configmap", "settings", "--from-literal=color=blue", "--from-literal=size=L");
        var json = JsonNode.Parse(await kubectl.SucceedAsync("get", "configmap", "settings", "-o", "json", "--show-managed-fields"))!.AsObject();

        Assert.Contains("configmap/settings created", created, StringComparison.Ordinal);
        Assert.Equal("blue", json.Str("data", "color"));
        Assert.Equal("L", json.Str("data", "size"));
        Assert.NotNull(json.Managed("kubectl-create", "Update"));
    }

    [Fact]
    public async Task Kubectl_CreateNamespace_ThenConfigMapInIt_BothExist()
    {
        var kubectl = Start();

        await kubectl.SucceedAsync("create", "namespace", "team-a");
        await kubectl.SucceedAsync("create", "configmap", "settings", "-n", "team-a", "--from-literal=color=green");
        var phase = await kubectl.SucceedAsync("get", "namespace", "team-a", "-o", "jsonpath={.status.phase}");

        Assert.Equal("Active", phase);
        Assert.Equal("green", Server.Store.Get("v1", "ConfigMap", "team-a", "settings")!.Str("data", "color"));
    }

    [Fact]
    public async Task Kubectl_CreateSecretGeneric_StoresBase64DataAndType()
    {
        var kubectl = Start();

        await kubectl.SucceedAsync("create", "secret", "generic", "creds", "--from-literal=password=s3cret");
        var secret = Server.Store.Get("v1", "Secret", "default", "creds")!;

        Assert.Equal(Convert.ToBase64String("s3cret"u8), secret.Str("data", "password"));
        Assert.Equal("Opaque", secret.Str("type"));
    }

    [Fact]
    public async Task Kubectl_CreateServiceAccountRoleAndRoleBinding_StoreRulesSubjectsAndRoleRef()
    {
        var kubectl = Start();

        await kubectl.SucceedAsync("create", "serviceaccount", "bot");
        await kubectl.SucceedAsync("create", "role", "reader", "--verb=get,list", "--resource=configmaps", "--resource-name=settings");
        await kubectl.SucceedAsync("create", "rolebinding", "bot-reads", "--role=reader", "--serviceaccount=default:bot");
        await kubectl.SucceedAsync("create", "clusterrole", "health", "--verb=get", "--non-resource-url=/healthz");
        await kubectl.SucceedAsync("create", "clusterrolebinding", "health-all", "--clusterrole=health", "--group=system:authenticated");
        var role = Server.Store.Get("rbac.authorization.k8s.io/v1", "Role", "default", "reader")!;
        var binding = Server.Store.Get("rbac.authorization.k8s.io/v1", "RoleBinding", "default", "bot-reads")!;
        var clusterRole = Server.Store.Get("rbac.authorization.k8s.io/v1", "ClusterRole", null, "health")!;
        var clusterBinding = Server.Store.Get("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", null, "health-all")!;

        Assert.NotNull(Server.Store.Get("v1", "ServiceAccount", "default", "bot"));
        Assert.Equal("""[{"verbs":["get","list"],"apiGroups":[""],"resources":["configmaps"],"resourceNames":["settings"]}]""", role["rules"]!.ToJsonString());
        Assert.Equal("""[{"kind":"ServiceAccount","name":"bot","namespace":"default"}]""", binding["subjects"]!.ToJsonString());
        Assert.Equal("""{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"reader"}""", binding["roleRef"]!.ToJsonString());
        Assert.Equal("""[{"verbs":["get"],"nonResourceURLs":["/healthz"]}]""", clusterRole["rules"]!.ToJsonString());
        Assert.Equal("""[{"kind":"Group","apiGroup":"rbac.authorization.k8s.io","name":"system:authenticated"}]""", clusterBinding["subjects"]!.ToJsonString());
    }

    [Fact]
    public async Task Kubectl_ScaleWithCurrentReplicas_ReplacesTheScale()
    {
        var kubectl = Start();
        await kubectl.SucceedAsync("apply", "--server-side", "-f", Write("guestbook.yaml", Guestbook));

        await kubectl.SucceedAsync("scale", "deploy/guestbook", "--current-replicas=2", "--replicas=4");
        var (exit, _, stderr) = await kubectl.RunAsync("scale", "deploy/guestbook", "--current-replicas=2", "--replicas=6");

        Assert.Equal("4", Server.Store.Get("apps/v1", "Deployment", "default", "guestbook")!.Str("spec", "replicas"));
        Assert.NotEqual(0, exit);
        Assert.Contains("Expected replicas to be 2, was 4", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_RunAndExpose_WorkBecauseTheySendJson()
    {
        var kubectl = Start();

        await kubectl.SucceedAsync("run", "probe", "--image=registry.k8s.io/pause:3.9", "--labels=app=probe", "--port=8080");
        await kubectl.SucceedAsync("expose", "pod", "probe", "--port=80", "--target-port=8080");

        Assert.Equal("Running", Server.Store.Get("v1", "Pod", "default", "probe")!.Str("status", "phase"));
        Assert.Equal("8080", Server.Store.Get("v1", "Service", "default", "probe")!.Str("spec", "ports", "0", "targetPort"));
    }

    [Fact]
    public async Task Kubectl_CreateDeployment_IsRefusedWithTheReasonTheReadmeGives()
    {
        var kubectl = Start();

        var (exit, _, stderr) = await kubectl.RunAsync("create", "deployment", "web", "--image=nginx:1.27");

        Assert.NotEqual(0, exit);
        Assert.Contains("reads protobuf bodies only for", stderr, StringComparison.Ordinal);
        Assert.Contains("apps/v1 Deployment", stderr, StringComparison.Ordinal);
        Assert.Null(Server.Store.Get("apps/v1", "Deployment", "default", "web"));
    }

    protected override void Cleanup()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
