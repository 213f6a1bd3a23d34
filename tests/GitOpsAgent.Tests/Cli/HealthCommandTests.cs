using System.CommandLine;
using System.Text.RegularExpressions;
using GitOpsAgent.Cli;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Tests.Cli;

public sealed partial class HealthCommandTests
{
    [Fact]
    public async Task Health_DeploymentsAndACrashLoopingPod_PrintOneDocumentedLineEach()
    {
        using var dir = new TempDirectory();
        var deployments = dir.Write("deployments.yaml", HealthyDeployment + "\n---\n" + RollingDeployment);
        var pod = dir.Write("pod.yaml", CrashLoopPod);

        var run = await CliRun.InvokeAsync("health", deployments, pod);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Matches(LineFormat(), l));
        Assert.StartsWith("apps/v1 Deployment shop/ready Healthy", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("apps/v1 Deployment shop/rolling Progressing ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("v1 Pod shop/crasher Degraded ", lines[2], StringComparison.Ordinal);
        Assert.Contains("CrashLoopBackOff", lines[2]);
    }

    [Fact]
    public async Task Health_UnreadableFile_ExitsTwoNamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-file-" + Guid.NewGuid().ToString("N") + ".yaml");

        var run = await CliRun.InvokeAsync("health", missing);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("no-such-file-", run.Stderr);
    }

    [Fact]
    public async Task Health_InvalidYaml_ExitsTwoNamingFileAndLine()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n");

        var run = await CliRun.InvokeAsync("health", file);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Matches(@"broken\.yaml:\d+", run.Stderr);
    }

    [Fact]
    public async Task Health_StandardInputWithKubectlList_AssessesEachItem()
    {
        var list = $$"""
            apiVersion: v1
            kind: List
            metadata: {resourceVersion: ""}
            items:
            - {{Indent(HealthyDeployment)}}
            - {{Indent(CrashLoopPod)}}
            """;

        var run = await InvokeWithStdinAsync(list, "health", "-");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("apps/v1 Deployment shop/ready Healthy", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("v1 Pod shop/crasher Degraded ", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_ObjectWithoutName_IsAssessedAndPrintedWithAPlaceholder()
    {
        const string StatusOnly = """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {namespace: shop, generation: 2}
            status:
              observedGeneration: 2
              conditions: [{type: Ready, status: "False", reason: ReconcileError, message: "bucket name taken"}]
            """;

        var run = await InvokeWithStdinAsync(StatusOnly, "health", "-");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal($"example.com/v1 Widget shop/{HealthCommand.NoName} Degraded bucket name taken", run.Stdout.Trim());
        Assert.Matches(LineFormat(), run.Stdout.Trim());
    }

    [Fact]
    public async Task Health_RepeatedKey_WarnsOnStderrAndUsesTheLaterValue()
    {
        const string Repeated = """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w, namespace: shop}
            status: {phase: Pending}
            status: {phase: Failed}
            """;

        var run = await InvokeWithStdinAsync(Repeated, "health", "-");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("<stdin>:5:1: mapping key \"status\" repeated; the later value is used", run.Stderr);
        Assert.StartsWith("example.com/v1 Widget shop/w Degraded", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_CustomResourceDefinitionInInput_ObjectWithoutStatusIsWaitingForItsOperator()
    {
        using var dir = new TempDirectory();
        var crd = dir.Write("crd.yaml", """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              names: {kind: Widget, plural: widgets}
              scope: Namespaced
              versions: [{name: v1, served: true, storage: true, subresources: {status: {}}}]
            """);
        var widget = dir.Write("widget.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: shop}\n");

        var withCrd = await CliRun.InvokeAsync("health", crd, widget);
        var withoutCrd = await CliRun.InvokeAsync("health", widget);

        Assert.Contains("example.com/v1 Widget shop/w Progressing waiting for the operator", withCrd.Stdout);
        Assert.Equal("example.com/v1 Widget shop/w Healthy", withoutCrd.Stdout.Trim());
    }

    [Fact]
    public async Task Health_OverridesFile_AppliesItsExpressions()
    {
        using var dir = new TempDirectory();
        var overrides = dir.Write("overrides.yaml", """
            - {group: example.com, kind: Widget, healthy: "status.replicas == 3", progressing: "status.replicas < 3"}
            """);
        var widget = dir.Write("widget.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: shop}\nstatus: {replicas: 1}\n");

        var run = await CliRun.InvokeAsync("health", "--overrides", overrides, widget);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("example.com/v1 Widget shop/w Progressing the 'progressing' health expression is true", run.Stdout.Trim());
    }

    [Fact]
    public async Task Health_OverridesFileWithBadExpression_ExitsTwoNamingFileEntryAndField()
    {
        using var dir = new TempDirectory();
        var overrides = dir.Write("overrides.yaml", "- {group: example.com, kind: Widget, degraded: \"status.phase ==\"}\n");
        var widget = dir.Write("widget.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n");

        var run = await CliRun.InvokeAsync("health", "--overrides", overrides, widget);

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("overrides.yaml: health overrides: entry 1 (Widget.example.com): 'degraded' is not a valid CEL expression", run.Stderr);
    }

    private static async Task<CliRun> InvokeWithStdinAsync(string stdin, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var root = new RootCommand { HealthCommand.Create(stdout, stderr, new StringReader(stdin)) };
        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    // A YAML document as a list item: the lines after the first are indented under the "- ".
    private static string Indent(string yaml) => yaml.ReplaceLineEndings("\n").Replace("\n", "\n  ", StringComparison.Ordinal);

    /// <summary>&lt;apiVersion&gt; &lt;kind&gt; &lt;namespace&gt;/&lt;name&gt; &lt;Status&gt; &lt;message&gt; (the message may be empty).</summary>
    [GeneratedRegex(@"^\S+ \S+ [^\s/]*/\S+ (Healthy|Progressing|Degraded|Suspended|Missing|Unknown)( .+)?$")]
    private static partial Regex LineFormat();

    private const string HealthyDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: ready, namespace: shop, generation: 2}
        spec:
          replicas: 2
          selector: {matchLabels: {app: ready}}
          template:
            metadata: {labels: {app: ready}}
            spec: {containers: [{name: main, image: nginx}]}
        status:
          observedGeneration: 2
          replicas: 2
          updatedReplicas: 2
          readyReplicas: 2
          availableReplicas: 2
          conditions:
            - {type: Available, status: "True", reason: MinimumReplicasAvailable}
            - {type: Progressing, status: "True", reason: NewReplicaSetAvailable}
        """;

    private const string RollingDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: rolling, namespace: shop, generation: 3}
        spec:
          replicas: 3
          selector: {matchLabels: {app: rolling}}
          template:
            metadata: {labels: {app: rolling}}
            spec: {containers: [{name: main, image: nginx}]}
        status:
          observedGeneration: 3
          replicas: 3
          updatedReplicas: 1
          readyReplicas: 2
          availableReplicas: 2
          conditions:
            - {type: Available, status: "True", reason: MinimumReplicasAvailable}
            - {type: Progressing, status: "True", reason: ReplicaSetUpdated}
        """;

    private const string CrashLoopPod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: crasher, namespace: shop}
        spec:
          restartPolicy: Always
          containers: [{name: main, image: busybox}]
        status:
          phase: Running
          conditions:
            - {type: Ready, status: "False"}
          containerStatuses:
            - name: main
              ready: false
              restartCount: 7
              image: busybox
              imageID: ""
              state:
                waiting: {reason: CrashLoopBackOff, message: "back-off 5m0s restarting failed container=main"}
              lastState:
                terminated: {exitCode: 1, reason: Error}
        """;
}
