using System.Text.Json.Nodes;
using GitOpsAgent.Kubernetes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitOpsAgent.Controller;

/// <summary>
/// Labels the controller's own pod with the version it runs (gitopsagent.io/version), so `gitops-agent version
/// --cluster` and `kubectl get pods -L gitopsagent.io/version` show what really runs, whatever the image tag or
/// digest says. With a cluster identity (--cluster-name, --cluster-label) it also annotates the pod with it
/// (gitopsagent.io/cluster-name, gitopsagent.io/cluster-labels as a JSON object), so `version --cluster` shows which
/// cluster the controller believes it runs in. Outside a pod (no POD_NAME/POD_NAMESPACE) it does nothing; without the right to patch its pod it logs
/// a warning once and the controller runs on.
/// </summary>
public sealed partial class PodVersionLabel(
    IKubernetesApi kube, string? podName, string? podNamespace, ILogger<PodVersionLabel> logger, string? clusterName = null, IReadOnlyDictionary<string, string>? clusterLabels = null)
    : BackgroundService
{
    public const string LabelKey = "gitopsagent.io/version";
    public const string ClusterNameAnnotation = "gitopsagent.io/cluster-name";
    public const string ClusterLabelsAnnotation = "gitopsagent.io/cluster-labels";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrEmpty(podName) || string.IsNullOrEmpty(podNamespace))
        {
            return;
        }

        var metadata = new JsonObject { ["labels"] = new JsonObject { [LabelKey] = LabelValue(AgentVersion.Current) } };
        if (!string.IsNullOrEmpty(clusterName) || clusterLabels is { Count: > 0 })
        {
            var labels = new JsonObject();
            foreach (var (key, value) in (clusterLabels ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                labels[key] = value;
            }

            metadata["annotations"] = new JsonObject { [ClusterNameAnnotation] = clusterName ?? "", [ClusterLabelsAnnotation] = labels.ToJsonString() };
        }

        var patch = new JsonObject { ["metadata"] = metadata };
        try
        {
            await kube.PatchAsync("v1", "Pod", podNamespace, podName, patch, PatchType.Merge, stoppingToken);
            Log.Labelled(logger, podNamespace, podName, AgentVersion.Current);
        }
        catch (Exception ex) when (ex is KubernetesException or HttpRequestException)
        {
            Log.LabelFailed(logger, podNamespace, podName, ex.Message);
        }
    }

    /// <summary>A version as a label value: characters a label cannot hold become '-', at most 63 characters.</summary>
    public static string LabelValue(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var chars = version.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').Take(63).ToArray();
        return new string(chars).Trim('-', '_', '.');
    }
}
