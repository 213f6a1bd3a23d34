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
