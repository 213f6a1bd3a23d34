using System.CommandLine;
using GitOpsAgent.Kubernetes;

namespace GitOpsAgent.Cli;

/// <summary>kubectl's connection options (--kubeconfig, --context, -n/--namespace, and -A where a verb lists), the same on every verb that talks to a cluster.</summary>
internal sealed class ClusterOptions
{
    private ClusterOptions(bool allNamespaces)
    {
        AllNamespaces = allNamespaces ? new Option<bool>("--all-namespaces", "-A") { Description = "Every namespace." } : null;
    }

    public Option<string?> Kubeconfig { get; } = new("--kubeconfig") { Description = "Kubeconfig file (default: in-cluster, else KUBECONFIG, else ~/.kube/config)." };

    public Option<string?> Context { get; } = new("--context") { Description = "Kubeconfig context (default: the current one)." };

    public Option<string?> Namespace { get; } = new("--namespace", "-n") { Description = "Namespace (default: the context's, else default)." };

    public Option<bool>? AllNamespaces { get; }

    public static ClusterOptions AddTo(Command command, bool allNamespaces = false)
    {
        ArgumentNullException.ThrowIfNull(command);
        var options = new ClusterOptions(allNamespaces);
        command.Options.Add(options.Kubeconfig);
        command.Options.Add(options.Context);
        command.Options.Add(options.Namespace);
        if (options.AllNamespaces is not null)
        {
            command.Options.Add(options.AllNamespaces);
        }

        return options;
    }

    public CliCluster Connect(ParseResult result)
    {
        var cluster = new KubernetesCluster(
            KubernetesConfigLoader.Load(result.GetValue(Kubeconfig), result.GetValue(Context)),
            new KubernetesClusterOptions { MaxRetries = 1, RequestTimeout = TimeSpan.FromSeconds(30) });
        var all = AllNamespaces is not null && result.GetValue(AllNamespaces);
        return new CliCluster(cluster, result.GetValue(Namespace) is { Length: > 0 } ns ? ns : cluster.DefaultNamespace, all);
    }
}

/// <summary>One connection for one invocation, with the namespace it works in (null with -A: all of them).</summary>
internal sealed class CliCluster(KubernetesCluster cluster, string ns, bool allNamespaces) : IDisposable
{
    public IKubernetesApi Api => cluster.Api;

    public string Namespace { get; } = ns;

    public string? ListNamespace => allNamespaces ? null : Namespace;

    public bool AllNamespaces => allNamespaces;

    public void Dispose() => cluster.Dispose();
}
