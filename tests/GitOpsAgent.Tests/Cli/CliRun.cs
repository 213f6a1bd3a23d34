using GitOpsAgent.Cli;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Tests.Cli;

/// <summary>One CLI invocation in-process, with its exit code and captured output.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<CliRun> InvokeAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CommandLine.InvokeAsync(args, stdout, stderr);
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Manifests the CLI tests render, diff and assess.</summary>
internal static class CliManifests
{
    public const string Namespace = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
        """;

    public const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: shop
        data:
          color: blue
        """;

    public const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
          labels: {app: web}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: main
                  image: registry.k8s.io/pause:3.9
        """;
}
